/**
 * seq4j: recurrent sequence models on Deeplearning4j. Data flows one way:
 * {@code config -> data -> model -> train -> eval / infer}, with {@code run} holding the run directory and
 * {@code cli} calling all of them.
 */
package dev.seq4j;
