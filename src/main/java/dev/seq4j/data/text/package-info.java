/**
 * Text data: strict UTF-8 reading, the character vocabulary with an unknown symbol, and the DataVec
 * iterator that cuts text into next-character training sequences for (truncated) BPTT.
 */
package dev.seq4j.data.text;
