package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthKindTest {

  @ParameterizedTest
  @EnumSource(AuthKind.class)
  void everyKindIsFoundByItsWireName(AuthKind kind) {
    assertThat(AuthKind.fromWireName(kind.wireName())).isEqualTo(kind);
  }

  @Test
  void wireNamesMatchCaseInsensitively() {
    assertThat(AuthKind.fromWireName("APIKEY")).isEqualTo(AuthKind.API_KEY);
    assertThat(AuthKind.fromWireName("Bearer")).isEqualTo(AuthKind.BEARER);
    assertThat(AuthKind.fromWireName("mutualtls")).isEqualTo(AuthKind.MUTUAL_TLS);
    assertThat(AuthKind.fromWireName("AwsSigV4")).isEqualTo(AuthKind.AWS_SIG_V4);
  }

  @Test
  void wireNamesAreTheConfiguredSpellings() {
    assertThat(AuthKind.API_KEY.wireName()).isEqualTo("apiKey");
    assertThat(AuthKind.OPEN_ID_CONNECT.wireName()).isEqualTo("openIdConnect");
    assertThat(AuthKind.MUTUAL_TLS.wireName()).isEqualTo("mutualTLS");
    assertThat(AuthKind.AWS_SIG_V4.wireName()).isEqualTo("awsSigV4");
  }

  @Test
  void wireNamesAreUniqueIgnoringCase() {
    assertThat(
            Arrays.stream(AuthKind.values()).map(kind -> kind.wireName().toLowerCase(Locale.ROOT)))
        .doesNotHaveDuplicates();
  }

  @Test
  void anUnknownWireNameIsRefusedNamingIt() {
    assertThatThrownBy(() -> AuthKind.fromWireName("kerberos"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kerberos");
  }

  @Test
  void theEnumConstantNameIsNotAWireName() {
    assertThatThrownBy(() -> AuthKind.fromWireName("API_KEY"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
