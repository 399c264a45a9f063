/** Using trained models: text generation now; tagging, decoding and forecasting later. */
package dev.seq4j.infer;
