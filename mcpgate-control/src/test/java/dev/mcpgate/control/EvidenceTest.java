package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.control.store.ControlStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reviewer is shown about a revision. */
class EvidenceTest {

  @Test
  void riskComesFromTheMethodUnlessAnAnnotationSaysOtherwise() {
    assertThat(Risk.of("get", ToolAnnotations.none())).isEqualTo(Risk.READ);
    assertThat(Risk.of("POST", ToolAnnotations.none())).isEqualTo(Risk.WRITE);
    assertThat(Risk.of("DELETE", ToolAnnotations.none())).isEqualTo(Risk.DESTRUCTIVE);
    assertThat(Risk.of("POST", new ToolAnnotations(true, null, null, null)))
        .isEqualTo(Risk.READ);
    assertThat(Risk.of("PUT", new ToolAnnotations(null, true, null, null)))
        .isEqualTo(Risk.DESTRUCTIVE);
  }

  @Test
  void eachAuthSchemeIsDescribedAndImportWarningsAreKept() {
    String yaml = """
        openapi: 3.0.3
        info: {title: Shop, version: "2"}
        servers: [{url: "https://shop.example.com:8443/v2"}]
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Shop-Key}
            oauth:
              type: oauth2
              flows:
                clientCredentials:
                  tokenUrl: https://auth.example.com/token
                  scopes: {orders: read orders}
        paths:
          /orders:
            get:
              operationId: listOrders
              security: [{key: []}]
              responses: {"200": {description: ok}}
          /orders/{id}:
            get:
              operationId: listOrders
              security: [{oauth: [orders]}]
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
        """;
    try (ControlStore store = ControlStore.inMemory();
        ControlPlane control = ControlPlane.builder(store).build()) {
      control.apply(Actor.local(Surface.API), new Command.ImportRevision("shop",
          yaml.getBytes(StandardCharsets.UTF_8), "shop.yaml"));

      Evidence evidence = control.review("shop", 1).orElseThrow().evidence();

      assertThat(evidence.auth()).containsExactly("apiKey header X-Shop-Key",
          "oauth2 clientCredentials https://auth.example.com/token scopes orders");
      assertThat(evidence.hosts()).containsExactly("https://shop.example.com:8443");
      assertThat(evidence.operations()).extracting(OperationEvidence::auth)
          .containsExactly(List.of("apiKey"), List.of("oauth2"));
      assertThat(evidence.warnings()).isNotEmpty();
      assertThat(control.revisions("shop")).singleElement()
          .satisfies(revision -> assertThat(revision.summary().warnings())
              .isEqualTo(evidence.warnings().size()));
    }
  }
}
