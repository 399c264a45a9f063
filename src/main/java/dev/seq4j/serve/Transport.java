package dev.seq4j.serve;

/** The HTTP server under a {@link ModelService}: it accepts connections and hands each request to the service. */
interface Transport {
    /** The port listened on. */
    int port();

    /** Stops accepting connections and waits up to {@code graceMillis} for the requests in flight to be answered. */
    void stop(long graceMillis);

    /** Binds {@code options.host():options.port()} and starts serving; a port in use is a one-line error. */
    static Transport start(ModelService service, ServeOptions options) {
        return JettyTransport.start(service, options);
    }
}
