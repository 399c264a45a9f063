/** Task metrics computed exactly over whole texts or sets, and the classical baselines they are compared with. */
package dev.seq4j.eval;
