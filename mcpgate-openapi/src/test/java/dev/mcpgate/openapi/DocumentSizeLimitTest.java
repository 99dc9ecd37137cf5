package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A description over the size limit is refused before it is parsed, from any source. */
class DocumentSizeLimitTest {

  private static final ImportOptions SMALL = ImportOptions.builder().maxDocumentBytes(2048).build();

  private static byte[] document(int size) {
    String head = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{},"
        + "\"x-padding\":\"";
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'a');
    byte[] start = head.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(start, 0, bytes, 0, start.length);
    bytes[size - 2] = '"';
    bytes[size - 1] = '}';
    return bytes;
  }

  @Test
  void bytesOverTheLimitAreRefused() {
    assertThatThrownBy(() -> ApiImporter.importContent(document(4096), "big.json", SMALL))
        .isInstanceOf(ImportException.class)
        .hasMessage("big.json: larger than the limit of 2048 bytes");
  }

  @Test
  void aFileOverTheLimitIsRefusedWithoutBeingRead(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.json");
    Files.write(file, document(4096));

    assertThatThrownBy(() -> ApiImporter.importFile(file, SMALL))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("larger than the limit of 2048 bytes");
  }

  @Test
  void aUrlServingMoreThanTheLimitIsCutOffAndRefused() throws IOException {
    byte[] doc = document(64 * 1024);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/big.json", exchange -> {
      // Chunked, with no length announced: the importer must count what it reads.
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(doc);
      } catch (IOException clientStoppedReading) {
        // Expected once the importer has read past its limit.
      }
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/big.json");
      assertThatThrownBy(() -> ApiImporter.importUrl(url, SMALL))
          .isInstanceOf(ImportException.class)
          .hasMessageContaining("larger than the limit of 2048 bytes");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aDocumentAtTheLimitIsRead() {
    org.assertj.core.api.Assertions.assertThat(
            ApiImporter.importContent(document(2048), "edge.json", SMALL).tools())
        .isEmpty();
  }
}
