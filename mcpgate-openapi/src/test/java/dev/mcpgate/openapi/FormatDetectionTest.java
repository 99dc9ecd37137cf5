package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatDetectionTest {

  @Test
  void aPostmanCollectionThatMentionsOpenapiInABodyIsStillReadAsPostman() {
    String collection =
        """
        {"info":{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
         "item":[{"name":"Upload spec","request":{"method":"POST","url":"https://api.example.com/specs",
           "body":{"mode":"raw","raw":"{\\"openapi\\":\\"3.0.0\\",\\"swagger\\":\\"2.0\\"}",
                   "options":{"raw":{"language":"json"}}}}}]}""";

    ImportResult result = ApiImporter.importContent(
        collection.getBytes(StandardCharsets.UTF_8), "inline.json", ImportOptions.defaults());

    assertThat(result.source().format()).isEqualTo("postman");
    assertThat(result.tools()).hasSize(1);
  }

  @Test
  void aDocumentThatIsNeitherIsReportedByTheOpenApiReaderWithoutAStackTrace() {
    byte[] content = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ApiImporter.importContent(content, "other.json", ImportOptions.defaults()))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("other.json");
  }
}
