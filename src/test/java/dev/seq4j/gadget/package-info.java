/** A test class under the allowlist's {@code dev.seq4j.} prefix that records being initialised; see {@code gadget}. */
package dev.seq4j.gadget;
