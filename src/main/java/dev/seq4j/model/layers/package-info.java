/** Our own DL4J layers, for what DL4J does not have: the GRU (Cho et al. 2014). */
package dev.seq4j.model.layers;
