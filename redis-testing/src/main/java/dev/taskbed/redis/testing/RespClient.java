package dev.taskbed.redis.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client for fixtures and test assertions, so tests can poke Redis ({@code FLUSHALL},
 * {@code SCRIPT FLUSH}, {@code INFO}, {@code CONFIG SET}) without depending on the driver under
 * test. Replies: integer → Long, bulk/status → String, array → List, nil → null; an error reply
 * throws {@link RespError}. Not thread-safe.
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  /** An error reply. */
  public static final class RespError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RespError(String message) {
      super(message);
    }
  }

  public RespClient(String host, int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
    }
  }

  /** Sends one command and reads its reply. */
  public Object call(Object... args) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (Object a : args) {
        byte[] bytes = a instanceof byte[] ? (byte[]) a : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
        b.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(bytes);
        b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(b.toByteArray());
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #call} expecting a string reply. */
  public String string(Object... args) {
    return (String) call(args);
  }

  private Object read() throws IOException {
    int type = in.read();
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RespError(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        byte[] data = in.readNBytes(n);
        in.readNBytes(2);
        return new String(data, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("unexpected RESP type " + type);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.UTF_8);
  }

  /** One field of an {@code INFO} reply. */
  public static String infoField(String info, String name) {
    for (String l : info.split("\r?\n")) {
      if (l.startsWith(name + ":")) {
        return l.substring(name.length() + 1).strip();
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
