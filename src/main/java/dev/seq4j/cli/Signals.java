package dev.seq4j.cli;

import java.util.concurrent.CountDownLatch;

/** For the commands that serve until stopped ({@code serve}, {@code ui}). */
final class Signals {
    private Signals() {
    }

    /**
     * Waits until SIGTERM (docker stop, kubernetes) or SIGINT (Ctrl-C), then runs {@code stop} (on a thread named
     * {@code name}) and returns once it has finished: the command then exits 0, not the JVM's 143 or 130.
     */
    static void awaitStop(String name, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stopping = () -> {
            stop.run();
            stopped.countDown();
        };
        for (String signal : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(stopping, name).start());
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have
            }
        }
        stopped.await();
    }
}
