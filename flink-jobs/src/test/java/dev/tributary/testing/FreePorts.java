package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds free TCP ports on the loopback interface for servers that cannot bind port 0 themselves.
 *
 * <p>There is an unavoidable window between closing the probe socket and the server binding the
 * port; in practice the kernel does not hand out the same ephemeral port again that quickly.
 */
final class FreePorts {

    private FreePorts() {}

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    static int next() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }
}
