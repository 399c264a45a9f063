/**
 * Model specs to ComputationGraph configurations: the shared recurrent stack and one factory per topology
 * (the char LM's synced many-to-many now).
 */
package dev.seq4j.model;
