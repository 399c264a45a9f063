package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DL4J's RnnOutputLayer with a faster training step for softmax with (unweighted) cross-entropy: the logits
 * and probabilities are computed once per step and shared by the loss and the gradient (DL4J computes the
 * logits twice and the softmax twice), on rows in time-major order {@code t * mb + b}, which is how DL4J
 * lays a time series out in two dimensions, so that the input from {@link FastLSTMLayer} needs no copy. The
 * gradient passed down is time-major too ({@code [T*mb, nIn]} 'c'-ordered, which our recurrent layers read in
 * place), and the weight gradient is computed on the recurrent layers' helper thread beside it. The results are
 * DL4J's: loss = -sum(mask * labels * log(clip(p))) / mb, gradient of the logits = (p - labels) * mask.
 *
 * <p>Everything else (other losses and activations, per-output masks, inference outputs, rank-2 input, the
 * CUDA backend) is the stock layer's.
 */
public class FastRnnOutput extends RnnOutputLayer {
    /** Fewest rows (steps x minibatch) whose forward pass is split over two cores. */
    static final int SPLIT_ROWS = 64;
    private final boolean fast;
    /** Whether the cached forward pass belongs to the current input, labels and mask. */
    private boolean ready;
    /** Forward passes computed by this layer (tests check that a training step computes one). */
    private long forwards;
    private INDArray rows2d;
    private INDArray probabilities;
    private INDArray labels2d;
    private INDArray delta;

    public FastRnnOutput(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        fast = (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                && layerConf().getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
                && layerConf().getActivationFn() instanceof ActivationSoftmax
                && FastLSTMLayer.availableHere();
    }

    /** Whether this training step takes the fast path. */
    private boolean fastNow() {
        return fast && input != null && input.rank() == 3 && labels != null && labels.rank() == 3
                && (maskArray == null || maskArray.size(1) == 1);
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        ready = false;
        super.setInput(input, workspaceMgr);
    }

    /*
     * DL4J's ComputationGraph sets the labels and the mask again between the backward pass and the score of the
     * same training step (computeGradientAndScore). Setting the labels already set, or any mask (the mask is
     * applied after the forward pass, and RnnOutputLayer reshapes it into a new array on every call), keeps the
     * forward pass, which otherwise ran twice a step (3 ms of charlm-256's 70). A new input always starts a new
     * one: every forward pass of the network sets it.
     */
    @Override
    public void setLabels(INDArray labels) {
        ready &= labels == this.labels;
        super.setLabels(labels);
    }

    long forwards() {
        return forwards;
    }

    private boolean nwc() {
        return layerConf().getRnnDataFormat() == RNNFormat.NWC;
    }

    /**
     * {@code [mb, k, T]} (or NWC {@code [mb, T, k]}) as {@code [T*mb, k]}, a view where the layout allows. ND4J's
     * reshape of our recurrent layers' output ('f'-ordered {@code [T*mb, k]} memory) is a view with 'f' strides but a
     * 'c' flag, which its GEMM copied first: 2.4-2.8 ms for charlm-256's logits against 1.2 on the same memory
     * flagged 'f', so it is flagged as what it is.
     */
    private INDArray timeMajor(INDArray series) {
        INDArray steps = nwc() ? series.permute(1, 0, 2) : series.permute(2, 0, 1);     // [T, mb, k]
        INDArray rows = steps.reshape('c', steps.size(0) * steps.size(1), steps.size(2));
        if (rows.ordering() == 'c' && rows.size(1) > 1 && rows.stride(0) == 1 && rows.stride(1) == rows.size(0)) {
            return Nd4j.create(rows.data(), rows.shape(), rows.stride(), rows.offset(), 'f');
        }
        return rows;
    }

    private INDArray buffer(INDArray current, long rows, long cols) {
        if (current != null && current.size(0) == rows && current.size(1) == cols) {
            return current;
        }
        return Nd4j.create(dataType, new long[]{rows, cols}, 'c');
    }

    /** The probabilities of the current input, computed once for the loss and the gradient. */
    private void forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (ready) {
            return;
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            // the score may come after backprop has closed its workspaces: whatever is copied here is detached
            rows2d = timeMajor(input.castTo(dataType));
            long rows = rows2d.size(0);
            // ND4J's reshape of the permuted labels copied at 0.8 ms for charlm-256; assign into a kept buffer, 0.2
            labels2d = buffer(labels2d, rows, labels.size(1 + (nwc() ? 1 : 0)));
            INDArray series = labels.castTo(dataType);
            INDArray steps = nwc() ? series.permute(1, 0, 2) : series.permute(2, 0, 1);          // [T, mb, V]
            labels2d.reshape('c', steps.size(0), steps.size(1), steps.size(2)).assign(steps);
            probabilities = buffer(probabilities, rows, w.size(1));
            delta = buffer(delta, rows, w.size(1));
        }
        INDArray b = hasBias() ? getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        long rows = rows2d.size(0);
        if (rows >= SPLIT_ROWS) {
            // half the rows' product on the helper thread (a second core), as the recurrent layers below do
            long middle = rows / 2;
            Gemms.halves(() -> product(w, 0, middle), () -> product(w, middle, rows));
        } else {
            product(w, 0, rows);
        }
        // bias and softmax in this thread only: a native crash (SIGSEGV in libnd4j's TadDescriptor, from a row-vector
        // broadcast) was seen once with both halves broadcasting at the same time
        if (b != null) {
            probabilities.addiRowVector(b);
        }
        Nd4j.exec(new SoftMax(probabilities, probabilities, 1));
        ready = true;
        forwards++;
    }

    /** Rows {@code from .. to-1} of the probabilities: softmax(x W + b). */
    private void product(INDArray w, long from, long to) {
        INDArray p = Gemms.rows(probabilities, from, to);
        try (OpContext product = Gemms.context(Gemms.rows(rows2d, from, to), w, p, 0.0)) {
            Nd4j.exec(new Mmul(), product);                              // a view as output: the op, not Nd4j.gemm
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fastNow()) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        forward(training, workspaceMgr);
        double eps = ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
        INDArray p = probabilities;
        if (eps > 0) {
            p = Transforms.min(Transforms.max(probabilities, eps, true), 1 - eps, false);
        }
        INDArray terms = Transforms.log(p, true).muli(labels2d);
        if (maskArray != null) {
            terms.muliColumnVector(maskArray.castTo(dataType));
        }
        double value = -terms.sumNumber().doubleValue();
        if (conf().isMiniBatch()) {
            value /= getInputMiniBatchSize();
        }
        score = value + fullNetRegTerm;
        return score;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastNow()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        forward(true, workspaceMgr);
        delta.assign(probabilities).subi(labels2d);                      // d loss / d logits, [T*mb, V]
        if (maskArray != null) {
            delta.muliColumnVector(maskArray.castTo(dataType));
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        Gradient gradient = new DefaultGradient();
        INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        // the weight gradient on the helper thread (a second core) beside the input gradient here: two products of
        // the same size, independent of each other
        long mb = input.size(0);
        long steps = input.size(nwc() ? 1 : 2);
        long nIn = w.size(0);
        // eps = delta W^T, [T*mb, nIn] 'c'-ordered, time-major: a recurrent layer of ours below reads each step's rows
        // in place (Gemms.timeMajor)
        INDArray epsRows = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[]{steps * mb, nIn}, 'c');
        INDArray db = hasBias() ? gradientViews.get(DefaultParamInitializer.BIAS_KEY) : null;
        INDArray x = rows2d;
        INDArray d = delta;
        Gemms.both(() -> Nd4j.gemm(d, x, dW.transpose(), true, false, 1.0, 0.0),  // dW^T = delta^T x: a 'c' view
                () -> {
                    Nd4j.gemm(d, w, epsRows, false, true, 1.0, 0.0);
                    if (db != null) {
                        d.sum(db, 0);
                    }
                });
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
        if (db != null) {
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, db);
        }
        INDArray byStep = epsRows.reshape('c', steps, mb, nIn);
        INDArray eps = nwc() ? byStep.permute(1, 0, 2) : byStep.permute(1, 2, 0);
        return new Pair<>(gradient, backpropDropOutIfPresent(eps));
    }
}
