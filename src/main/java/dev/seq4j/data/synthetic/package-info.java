/**
 * Data generators in main code, so that tests, examples and notebooks share them: the synthetic control
 * charts (Alcock and Manolopoulos 1999) for series classification.
 */
package dev.seq4j.data.synthetic;
