/**
 * Captioning data (one-to-many): {@code image<TAB>caption} TSV files, images read with the JDK's ImageIO and scaled
 * to one size, captions encoded as the pairs package encodes targets.
 */
package dev.seq4j.data.caption;
