package dev.seq4j.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;

/**
 * A whole-number setting that may also be {@code auto} (any case), read as {@link #AUTO}: the task works the number
 * out from the data before the run starts and saves it in the run's config ({@code data.inputLength}).
 */
final class AutoInteger extends StdDeserializer<Integer> {
    /** What {@code auto} reads as; a setting that takes it has no other use for 0. */
    static final int AUTO = 0;

    /** Jackson's own reading of an {@code Integer}, with its coercions and messages. */
    private static final NumberDeserializers.IntegerDeserializer INTEGER =
            new NumberDeserializers.IntegerDeserializer(Integer.class, null);

    AutoInteger() {
        super(Integer.class);
    }

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String text = p.getText().strip();
            if (text.equalsIgnoreCase("auto")) {
                return AUTO;
            }
            if (!text.matches("[0-9]+")) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(p,
                        "must be a whole number or auto, got '" + text + "'");
            }
        }
        return INTEGER.deserialize(p, ctxt);
    }
}
