package dev.mcpgate.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends an HTTP/1.1 request over a plain socket, for what {@code java.net.http} refuses to send
 * (a forged {@code Host} header).
 */
final class RawHttp {

  record Response(int status, String head, String body) {}

  private RawHttp() {}

  static Response post(int port, String path, Map<String, String> headers, byte[] body)
      throws IOException {
    return send(port, "POST", path, headers, body);
  }

  /** Sends a request with any method and a raw, unnormalized path. */
  static Response send(
      int port, String method, String path, Map<String, String> headers, byte[] body)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      if (!headers.containsKey("Host")) {
        head.append("Host: localhost:").append(port).append("\r\n");
      }
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String responseHead = split < 0 ? text : text.substring(0, split);
      String responseBody = split < 0 ? "" : text.substring(split + 4);
      int status = Integer.parseInt(responseHead.substring(9, 12));
      return new Response(status, responseHead, responseBody);
    }
  }
}
