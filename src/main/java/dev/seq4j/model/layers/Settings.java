package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/** What our layer configurations share: copying a DL4J configuration's settings, wiring a new layer. */
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

    /** What every DL4J layer configuration's {@code instantiate} does with the layer it made. */
    static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, ParamInitializer initializer,
                                    Collection<TrainingListener> listeners, int index, INDArray paramsView,
                                    boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> paramTable = initializer.init(conf, paramsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }
}
