package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgate.core.upstream.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup check of upstream targets judges a name by the addresses it resolves to, as the
 * guard does on every call: an allowed name is no way around the address classes.
 */
class TargetCheckTest {

  @TempDir Path dir;

  private ServeConfig config(String baseUrl, String upstream) throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        paths:
          /pets:
            get: {operationId: listPets, responses: {"200": {description: ok}}}
        """);
    return ConfigLoader.parse("""
        sources:
          - {id: pets, description: pets.yaml, baseUrl: "%s", approved: true}
        policy: {default: allow}
        %s
        """.formatted(baseUrl, upstream), dir.resolve("mcpgate.yaml"), "mcpgate.yaml");
  }

  private static HostResolver answering(String address) {
    return host -> List.of(InetAddress.getByName(address));
  }

  @Test
  void aNameThatResolvesToALoopbackAddressIsRefusedWithoutAllowLoopback() throws IOException {
    ServeConfig config = config("https://pets.internal.example/v1", "");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> StandaloneGateway
        .assemble(config, name -> null, answering("127.0.0.2"), "mcpgate.yaml"));

    assertThat(e.problems()).containsExactly("sources[0] (pets): upstream"
        + " https://pets.internal.example resolves to a loopback address (127.0.0.2), which the"
        + " upstream guard refuses unless upstream.allowLoopback is true");
  }

  @Test
  void aNameThatResolvesToACloudMetadataAddressIsRefusedWhateverIsAllowed() throws IOException {
    ServeConfig config = config("http://pets.internal.example:8080/v1",
        "upstream: {allowLoopback: true, allowPrivateNetworks: true}");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> StandaloneGateway
        .assemble(config, name -> null, answering("169.254.169.254"), "mcpgate.yaml"));

    assertThat(e.problems()).containsExactly("sources[0] (pets): upstream"
        + " http://pets.internal.example:8080 resolves to an address the upstream guard always"
        + " refuses here (169.254.169.254, metadata)");
  }

  @Test
  void aNameThatDoesNotResolveNowIsAWarning() throws IOException {
    ServeConfig config = config("https://pets.internal.example/v1", "");
    HostResolver nowhere = host -> {
      throw new UnknownHostException(host);
    };

    try (StandaloneGateway gateway =
        StandaloneGateway.assemble(config, name -> null, nowhere, "mcpgate.yaml")) {
      assertThat(gateway.warnings()).contains("sources[0] (pets): upstream host"
          + " pets.internal.example does not resolve now; its calls fail until it does");
    }
  }

  @Test
  void aPublicAddressPasses() throws IOException {
    ServeConfig config = config("https://pets.internal.example/v1", "");

    try (StandaloneGateway gateway = StandaloneGateway.assemble(
        config, name -> null, answering("93.184.215.14"), "mcpgate.yaml")) {
      assertThat(gateway.warnings()).contains("upstream.allowHosts: not set; allowing the"
          + " approved sources' hosts: pets.internal.example");
    }
  }
}
