package dev.seq4j;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Runs a test class in double precision, which DL4J's gradient checks need, and restores the default after. */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
    private DataType before;

    @Override
    public void beforeAll(ExtensionContext context) {
        before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(before, before);
    }
}
