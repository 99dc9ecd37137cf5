package dev.mcpgate.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one kept-alive loopback connection, for the load run: it sends
 * the same prepared request again and again and reads each answer (framed by {@code
 * Content-Length} or chunked). The JDK's {@code HttpClient} costs several times more per request
 * than the servers measured and would drown the difference in its own noise; this client costs
 * the same on both sides. Not thread-safe: one per connection.
 */
final class LoopbackClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /**
   * Connects to a loopback port.
   *
   * @param port the port
   * @throws IOException if the connection fails
   */
  LoopbackClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  /**
   * A request prepared once: head and body bytes.
   *
   * @param method the method
   * @param port the server's port, for {@code Host}
   * @param target path and query
   * @param body the body, or null
   * @param headers further header lines, as {@code Name: value}
   * @return the bytes to send
   */
  static byte[] request(String method, int port, String target, byte[] body, String... headers) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target)
        .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null) {
      return headBytes;
    }
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /**
   * Sends a prepared request and reads the answer.
   *
   * @param request the request bytes
   * @return the status and body
   * @throws IOException if the exchange fails
   */
  Answer send(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, body);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      copy(length, body);
    } else if (length < 0) {
      throw new IOException("an answer without a length would end the connection");
    }
    return new Answer(status, body.toByteArray());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private long chunkSize() throws IOException {
    String line = line();
    int semicolon = line.indexOf(';');
    return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
  }

  private void copy(long count, ByteArrayOutputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the answer ended early");
      }
      body.write(buffer, 0, n);
      left -= n;
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /**
   * An answer.
   *
   * @param status the status
   * @param body the body
   */
  record Answer(int status, byte[] body) {}
}
