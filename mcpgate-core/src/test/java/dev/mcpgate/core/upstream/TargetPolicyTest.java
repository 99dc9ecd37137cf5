package dev.mcpgate.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Policy defaults, and the entries a policy refuses to be built with. */
class TargetPolicyTest {

  @Test
  void theDefaultsAllowHttpAndHttpsOnAnyPortToPublicAddressesWithoutRedirects() {
    TargetPolicy policy = TargetPolicy.builder().build();

    assertThat(policy.schemes()).containsExactlyInAnyOrder("https", "http");
    assertThat(policy.ports()).isEmpty();
    assertThat(policy.allowedAddressClasses()).containsExactly(AddressClass.PUBLIC);
    assertThat(policy.maxRedirects()).isZero();
    assertThat(policy.allowsHost("api.example.com", true)).isFalse();
  }

  @Test
  void eachOptInAddsItsOwnAddressClass() {
    TargetPolicy policy =
        TargetPolicy.builder()
            .allowLoopback()
            .allowPrivateNetworks()
            .allowLinkLocal()
            .allowMetadata()
            .build();

    assertThat(policy.allowedAddressClasses())
        .containsExactlyInAnyOrder(
            AddressClass.PUBLIC,
            AddressClass.LOOPBACK,
            AddressClass.PRIVATE,
            AddressClass.LINK_LOCAL,
            AddressClass.METADATA);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
    "", "*", "*.", "https://api.example.com", "api.example.com:443", "api.example.com/path",
    "a_b.example.com", "1.2.3.4.5", "*.10.0.0.1", "[::1", "user@api.example.com", "api..example"
  })
  void aHostEntryThatIsNoHostIsRejected(String pattern) {
    assertThatThrownBy(() -> TargetPolicy.builder().allowHost(pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostEntriesAreStoredInTheFormTheyAreComparedIn() {
    TargetPolicy policy =
        TargetPolicy.builder().allowHost("0x0A000001").allowHost("::FFFF:8.8.8.8").build();

    assertThat(policy.allowsHost("10.0.0.1", false)).isTrue();
    assertThat(policy.allowsHost("[::ffff:808:808]", false)).isTrue();
  }

  @Test
  void onlyHttpAndHttpsCanBeAllowed() {
    assertThatThrownBy(() -> TargetPolicy.builder().allowSchemes("https", "ftp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp");
    assertThatThrownBy(() -> TargetPolicy.builder().allowSchemes())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void portsMustBeInRange() {
    assertThatThrownBy(() -> TargetPolicy.builder().allowPorts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetPolicy.builder().allowPorts(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetPolicy.builder().allowPorts())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRedirectBoundMustBeInRange() {
    assertThatThrownBy(() -> TargetPolicy.builder().maxRedirects(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetPolicy.builder().maxRedirects(21))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
