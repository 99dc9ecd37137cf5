package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectedResourceMetadataTest {

  @Test
  void theMetadataUrlInsertsTheWellKnownPathBetweenHostAndPath() {
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.builder(URI.create("https://api.example.com:8443/tenant/mcp"))
            .build();

    assertThat(metadata.metadataPath())
        .isEqualTo("/.well-known/oauth-protected-resource/tenant/mcp");
    assertThat(metadata.metadataUrl()).isEqualTo(URI.create(
        "https://api.example.com:8443/.well-known/oauth-protected-resource/tenant/mcp"));
  }

  @Test
  void aResourceAtTheRootHasTheBareWellKnownUrl() {
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com")).build();

    assertThat(metadata.metadataUrl())
        .isEqualTo(URI.create("https://mcp.example.com/.well-known/oauth-protected-resource"));
  }

  @Test
  void aTrailingSlashOfTheResourcePathIsKept() {
    assertThat(ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com/mcp/"))
        .build().metadataPath()).isEqualTo("/.well-known/oauth-protected-resource/mcp/");
    assertThat(ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com/"))
        .build().metadataPath()).isEqualTo("/.well-known/oauth-protected-resource");
  }

  @Test
  void aResourceWithUserInfoIsRefusedBecauseTheUrlIsPublished() {
    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(URI.create("https://u:p@mcp.example.com/mcp")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
        .message().doesNotContain("u:p");
  }

  @Test
  void noPublishedUriMayCarryUserInfoAndNoRefusalQuotesIt() {
    URI resource = URI.create("https://mcp.example.com/mcp");
    URI withSecret = URI.create("https://admin7:CANARY-s3cr3t@auth.example.com/tenant");
    URI plainHttp = URI.create("http://admin7:CANARY-s3cr3t@auth.example.com/tenant");
    URI withQuery = URI.create("https://mcp.example.com/mcp?token=CANARY-s3cr3t");

    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(resource).authorizationServer(withSecret).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("authorization server must not carry user info: it is published");
    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(resource).resourceDocumentation(plainHttp).build())
        .message().contains("user info").doesNotContain("CANARY").doesNotContain("admin7");
    assertThatThrownBy(() -> ProtectedResourceMetadata.builder(withQuery).build())
        .message().contains("query").contains("mcp.example.com").doesNotContain("CANARY");
    assertThatThrownBy(() -> ProtectedResourceMetadata.builder(
        URI.create("http://api.example.com/mcp?key=CANARY-s3cr3t")).build())
        .message().contains("https").doesNotContain("CANARY");
  }

  @Test
  void theDocumentHasOnlyTheFieldsThatWereSetAndAlwaysTheHeaderBearerMethod() {
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.builder(URI.create("http://localhost:8080/mcp")).build();

    assertThat(metadata.toJson()).isEqualTo(
        "{\"resource\":\"http://localhost:8080/mcp\",\"bearer_methods_supported\":[\"header\"]}");
  }

  @Test
  void textIsEscapedInTheDocument() {
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com/mcp"))
            .resourceName("Orders \"prod\"\n\\")
            .build();

    assertThat(metadata.toJson()).contains("\"resource_name\":\"Orders \\\"prod\\\"\\u000a\\\\\"");
  }

  @Test
  void aResourceMustBeAnAbsoluteHttpsUriWithoutQueryOrFragment() {
    assertThatThrownBy(() -> ProtectedResourceMetadata.builder(URI.create("/mcp")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(URI.create("http://mcp.example.com/mcp")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com/mcp?x=1")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com/mcp#f")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment");
  }

  @Test
  void scopesMustBeScopeTokens() {
    assertThatThrownBy(() ->
        ProtectedResourceMetadata.builder(URI.create("https://mcp.example.com/mcp"))
            .scopesSupported(List.of("two words")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two words");
  }

  @Test
  void publicPathPatternsMayOnlyEndInAWildcard() {
    assertThatThrownBy(() ->
        McpTransportConfig.builder().publicPaths(List.of("/api/*/health")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/api/*/health");
    assertThatThrownBy(() -> McpTransportConfig.builder().publicPaths(List.of("health")).build())
        .isInstanceOf(IllegalArgumentException.class);
    McpTransportConfig config =
        McpTransportConfig.builder().publicPaths(List.of("/health", "/static/*")).build();
    assertThat(config.isPublicPath("/health")).isTrue();
    assertThat(config.isPublicPath("/health/x")).isFalse();
    assertThat(config.isPublicPath("/static")).isTrue();
    assertThat(config.isPublicPath("/static/app.js")).isTrue();
    assertThat(config.isPublicPath("/staticfile")).isFalse();
  }
}
