package dev.seq4j.model.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Copies a DL4J layer configuration's settings into our subclass of it. */
final class Settings {
    private Settings() {
    }

    /**
     * Every instance field of {@code stock} declared in {@code type} and its superclasses, copied into
     * {@code into}: DL4J's layer builders construct through private constructors, so a subclass cannot take
     * a builder; it takes what the builder made.
     */
    static <T, S extends T> S copy(Class<T> type, T stock, S into) {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    field.set(into, field.get(stock));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy the layer setting " + field.getName(), e);
                }
            }
        }
        return into;
    }
}
