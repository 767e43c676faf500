package io.seqproxy.zk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of one ZooKeeper server, so that a test can cut one
 * client off while others keep talking to the server. {@link #blackhole()} models a silent
 * partition (bytes vanish, connections stay open, the client notices only by its read timeout);
 * {@link #reset()} closes every connection (the client notices at once); {@link #delay(long)}
 * models a slow link.
 */
final class LoopbackProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean blackholed;
  private volatile long delayMillis;
  private volatile boolean closed;

  LoopbackProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + targetPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String connectString() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** From now on no byte gets through in either direction, on old or new connections. */
  void blackhole() {
    blackholed = true;
  }

  /**
   * From now on every chunk of bytes waits {@code millis} before it is forwarded, in either
   * direction, in order: a request and its answer each wait, so a round trip takes at least
   * twice as long.
   */
  void delay(long millis) {
    delayMillis = millis;
  }

  /** Closes every connection through the proxy; new ones are accepted (and blackholed if so). */
  void reset() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Lets bytes through again, on fresh connections. */
  void heal() {
    reset();
    blackholed = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long delay = delayMillis;
          if (delay > 0) {
            Thread.sleep(delay);
          }
          if (!blackholed) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // one side closed: close the other below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "proxy-pump-" + targetPort);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    reset();
  }
}
