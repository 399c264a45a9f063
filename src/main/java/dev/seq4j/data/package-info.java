/**
 * DataVec pipelines that turn user files into sequence iterators with masks; one sub-package per kind of
 * data ({@code text} now; tagging, time series and pairs later).
 */
package dev.seq4j.data;
