package dev.seq4j.result;

/**
 * Where a fine-tuned run started ({@code train.init}): the {@code init} object of its {@code summary.json} and
 * {@code versions.json}.
 *
 * @param run         the init run's directory, absolute (a sweep's best trial where the config named the sweep)
 * @param objective   the init run's objective at its best epoch, from its summary
 * @param modelSha256 the SHA-256 of the init run's {@code model.zip}, whose weights were copied
 */
public record Origin(String run, ObjectiveValue objective, String modelSha256) {
}
