package dev.seq4j.run;

import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which ND4J backend this build carries and whether it can start here. The CUDA build ({@code -Pcuda}) starts only
 * where an NVIDIA driver (and, without {@code -Pcuda,cuda-redist}, CUDA 11.6 and cuDNN 8.3) can be loaded; elsewhere
 * ND4J fails with a stack trace about "no nd4j backend on your classpath". {@link #problem()} turns that into one
 * sentence with the way out.
 */
public final class Backend {
    private static volatile String problem;
    private static volatile boolean checked;

    private Backend() {
    }

    /** Whether this is the CUDA build (the {@code cuda} Maven profile). */
    public static boolean isCudaBuild() {
        return Versions.build().getProperty("backend", "").contains("cuda");
    }

    /** Why ND4J cannot start here, in one sentence with what to do, or {@code null} when it starts. */
    public static synchronized String problem() {
        if (!checked) {
            checked = true;
            problem = findProblem();
        }
        return problem;
    }

    private static String findProblem() {
        if (isCudaBuild()) {
            String driver = cudaDriverProblem();
            if (driver != null) {
                return noDevice(driver);
            }
        }
        try {
            Nd4j.getBackend();
            return null;
        } catch (Throwable e) { // ExceptionInInitializerError, NoClassDefFoundError or the backend's own exception
            String reason = dev.seq4j.UserException.firstLine(root(e));
            return isCudaBuild() ? noDevice(reason) : "ND4J's CPU backend did not start (" + reason + ")";
        }
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    /** Whether an error thrown by a command is ND4J failing to start. */
    public static boolean isStartFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExceptionInInitializerError || t instanceof NoClassDefFoundError
                    || t.getClass().getName().endsWith("NoAvailableBackendException")) {
                return problem() != null;
            }
        }
        return false;
    }

    static String noDevice(String reason) {
        return "this is seq4j's CUDA build (nd4j-cuda-11.6" + (hasRedist() ? " with CUDA 11.6 and cuDNN 8.3 bundled" : "")
                + ") and it found no usable CUDA device: " + reason
                + ". Run it where an NVIDIA GPU and driver 510 or newer are present (in a container: docker run --gpus all, or podman run "
                + "--device nvidia.com/gpu=all with the NVIDIA Container Toolkit's CDI spec); "
                + (hasRedist() ? "" : "build with ./mvnw -Pcuda,cuda-redist package where CUDA 11.6 and cuDNN 8.3 are "
                + "not installed; ") + "or go back to the CPU build: ./mvnw -B -DskipTests package";
    }

    /** Whether CUDA's own libraries came with the build ({@code -Pcuda,cuda-redist}). */
    static boolean hasRedist() {
        return Backend.class.getResource("/org/bytedeco/cuda/linux-x86_64/libcudart.so.11.0") != null;
    }

    /**
     * Loads JavaCPP's CUDA runtime bindings, which need the driver's {@code libcuda.so.1} and CUDA's
     * {@code libcudart}, and counts the devices; returns what is missing, or {@code null}.
     */
    static String cudaDriverProblem() {
        try {
            Class<?> cudart = Class.forName("org.bytedeco.cuda.global.cudart");
            org.bytedeco.javacpp.Loader.load(cudart);
            int[] count = new int[1];
            Object status = cudart.getMethod("cudaGetDeviceCount", int[].class).invoke(null, (Object) count);
            if (!Integer.valueOf(0).equals(status)) {
                return "cudaGetDeviceCount failed with CUDA error " + status;
            }
            if (count[0] == 0) {
                return "the driver reports no CUDA device";
            }
            java.lang.reflect.Method attribute = cudart.getMethod("cudaDeviceGetAttribute", int[].class, int.class,
                    int.class);
            List<String> unsupported = new ArrayList<>();
            for (int d = 0; d < count[0]; d++) {
                int[] major = new int[1];
                int[] minor = new int[1];
                attribute.invoke(null, major, COMPUTE_CAPABILITY_MAJOR, d);
                attribute.invoke(null, minor, COMPUTE_CAPABILITY_MINOR, d);
                String problem = unsupportedDevice(d, major[0], minor[0]);
                if (problem == null) {
                    return null;
                }
                unsupported.add(problem);
            }
            return String.join("; ", unsupported);
        } catch (ClassNotFoundException e) {
            return "JavaCPP's CUDA bindings are not in this build";
        } catch (Throwable e) {
            String m = dev.seq4j.UserException.firstLine(root(e));
            String whole = String.valueOf(root(e).getMessage()); // the library's name may come after the quoted part
            if (whole.contains("libcuda.so")) {
                return "the NVIDIA driver library libcuda.so.1 is not installed or not visible";
            }
            if (whole.contains("libcudart") || whole.contains("libcublas") || whole.contains("libcudnn")) {
                return "a CUDA 11.6 library is missing (" + m + ")";
            }
            return m;
        }
    }

    /** CUDA's {@code cudaDevAttrComputeCapabilityMajor} and {@code ...Minor}. */
    private static final int COMPUTE_CAPABILITY_MAJOR = 75;
    private static final int COMPUTE_CAPABILITY_MINOR = 76;
    /** The newest GPU generation nd4j-cuda-11.6's kernels are built for: compute capability 8.x (Ampere). */
    static final int NEWEST_MAJOR = 8;

    /**
     * Why device {@code d} of compute capability {@code major.minor} cannot run this build, or null. nd4j-cuda-11.6
     * (1.0.0-M2.1) carries machine code for compute capabilities 3.7 to 8.6 and no PTX, so no driver can compile its
     * kernels for a newer GPU: on Hopper (9.0: H100, H200) and later every ND4J operation would fail with CUDA's
     * "no kernel image is available for execution on the device" (found on an H200, 2026-12-04: docs/backends.md).
     */
    static String unsupportedDevice(int d, int major, int minor) {
        if (major <= NEWEST_MAJOR) {
            return null;
        }
        return "device " + d + " has compute capability " + major + "." + minor + ", and nd4j-cuda-11.6 (1.0.0-M2.1) "
                + "has GPU code for 3.7 to 8.6 only, none a newer GPU can run (Hopper: H100, H200)";
    }

    /** Whether cuDNN 8.3 loads (CUDA build only): "loaded", or why not. */
    public static String cudnn() {
        if (!isCudaBuild()) {
            return "not used (CPU build)";
        }
        try {
            org.bytedeco.javacpp.Loader.load(Class.forName("org.bytedeco.cuda.global.cudnn"));
            return "8.3 loaded; ND4J's cuDNN helpers are in this build (" + Versions.build().getProperty("classifier")
                    + ")";
        } catch (Throwable e) {
            return "not found (" + dev.seq4j.UserException.firstLine(e) + "); DL4J falls back to its own CUDA kernels";
        }
    }

    /** The CUDA devices ND4J sees, e.g. "0: NVIDIA H200, 139.8 GiB (138.9 GiB free)"; empty on the CPU backend. */
    public static List<String> devices() {
        List<String> out = new ArrayList<>();
        Object info = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        if (info instanceof List<?> list) {
            int i = 0;
            for (Object device : list) {
                if (device instanceof Map<?, ?> m) {
                    out.add(String.format(Locale.ROOT, "%d: %s, %s (%s free), compute capability %s.%s", i,
                            m.get("cuda.deviceName"), gib(m.get("cuda.totalMemory")), gib(m.get("cuda.freeMemory")),
                            m.get("cuda.deviceMajor"), m.get("cuda.deviceMinor")));
                } else {
                    out.add(i + ": " + device);
                }
                i++;
            }
        }
        return out;
    }

    private static String gib(Object bytes) {
        return bytes instanceof Number n ? String.format(Locale.ROOT, "%.1f GiB", n.doubleValue() / (1L << 30))
                : String.valueOf(bytes);
    }
}
