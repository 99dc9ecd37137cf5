package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SecretTest {

  private static final String CANARY = "canary-7f3a9c";

  @Test
  void toStringOfASingleValueNeverShowsTheValue() {
    Secret secret = Secret.of(CANARY);

    assertThat(secret.toString()).isEqualTo("Secret[***]").doesNotContain(CANARY);
    assertThat(String.valueOf(secret)).doesNotContain(CANARY);
    assertThat(Objects.toString(secret)).doesNotContain(CANARY);
  }

  @Test
  void toStringOfNamedPartsShowsPartNamesButNoValue() {
    Secret secret = Secret.ofParts(orderedParts("username", "alice-" + CANARY, "password", CANARY));

    assertThat(secret.toString())
        .isEqualTo("Secret[username=***, password=***]")
        .doesNotContain(CANARY);
  }

  @Test
  void toStringOfAnExpiringSecretNeverShowsTheValue() {
    Secret secret = Secret.of(CANARY).expiringAt(Instant.parse("2030-01-01T00:00:00Z"));

    assertThat(secret.toString()).doesNotContain(CANARY);
  }

  @Test
  void secretsInsideCollectionsAndRecordsStayHidden() {
    record Holder(String name, Secret secret) {}
    Holder holder = new Holder("stripe", Secret.of(CANARY));

    assertThat(holder.toString()).doesNotContain(CANARY);
    assertThat(List.of(Secret.of(CANARY)).toString()).doesNotContain(CANARY);
    assertThat(Map.of("key", Secret.of(CANARY)).toString()).doesNotContain(CANARY);
  }

  @Test
  void revealReturnsTheSingleValue() {
    assertThat(Secret.of(CANARY).reveal()).isEqualTo(CANARY);
  }

  @Test
  void revealReturnsNonAsciiValuesIntact() {
    assertThat(Secret.of("pässwörd-✓").reveal()).isEqualTo("pässwörd-✓");
  }

  @Test
  void revealOfANamedPartReturnsThatPart() {
    Secret secret = Secret.ofParts(orderedParts("username", "alice", "password", CANARY));

    assertThat(secret.reveal("username")).isEqualTo("alice");
    assertThat(secret.reveal("password")).isEqualTo(CANARY);
  }

  @Test
  void partNamesKeepTheGivenOrder() {
    Secret secret = Secret.ofParts(orderedParts("zeta", "1", "alpha", "2", "mid", "3"));

    assertThat(secret.partNames()).containsExactly("zeta", "alpha", "mid");
  }

  @Test
  void aSingleValuedSecretHasNoPartNames() {
    assertThat(Secret.of(CANARY).partNames()).isEmpty();
  }

  @Test
  void partNamesCannotBeModified() {
    Secret secret = Secret.ofParts(Map.of("username", "alice"));

    assertThatThrownBy(() -> secret.partNames().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void laterChangesToTheGivenPartsMapDoNotChangeTheSecret() {
    Map<String, String> parts = orderedParts("username", "alice");
    Secret secret = Secret.ofParts(parts);

    parts.put("username", "mallory");
    parts.put("password", "extra");

    assertThat(secret.reveal("username")).isEqualTo("alice");
    assertThat(secret.partNames()).containsExactly("username");
  }

  @Test
  void revealWithoutAPartNameOnAPartedSecretNamesThePartsButNoValue() {
    Secret secret = Secret.ofParts(orderedParts("username", "alice", "password", CANARY));

    assertThatThrownBy(secret::reveal)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("username")
        .hasMessageContaining("password")
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void revealOfAMissingPartNamesThePartsButNoValue() {
    Secret secret = Secret.ofParts(orderedParts("username", "alice", "password", CANARY));

    assertThatThrownBy(() -> secret.reveal("token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token")
        .hasMessageContaining("username")
        .hasMessageNotContaining(CANARY)
        .hasMessageNotContaining("alice");
  }

  @Test
  void revealOfAPartOnASingleValuedSecretIsRefusedWithoutTheValue() {
    Secret secret = Secret.of(CANARY);

    assertThatThrownBy(() -> secret.reveal(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> secret.reveal("password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void anEmptyValueIsRefused() {
    assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noPartsAreRefused() {
    assertThatThrownBy(() -> Secret.ofParts(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyPartNameOrValueIsRefused() {
    assertThatThrownBy(() -> Secret.ofParts(Map.of("", "value")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secret.ofParts(Map.of("username", "")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretsWithTheSameValueAreEqualAndHashAlike() {
    Secret one = Secret.of(CANARY);
    Secret two = Secret.of(new String(CANARY.toCharArray()));

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
  }

  @Test
  void secretsWithDifferentValuesAreNotEqual() {
    assertThat(Secret.of(CANARY)).isNotEqualTo(Secret.of(CANARY + "x"));
    assertThat(Secret.of(CANARY)).isNotEqualTo(Secret.of("canary-7f3a9d"));
  }

  @Test
  void partedSecretsAreEqualWhenEveryPartIs() {
    Secret one = Secret.ofParts(orderedParts("username", "alice", "password", CANARY));
    Secret reordered = Secret.ofParts(orderedParts("password", CANARY, "username", "alice"));
    Secret otherPassword = Secret.ofParts(orderedParts("username", "alice", "password", "x"));
    Secret fewerParts = Secret.ofParts(orderedParts("username", "alice"));

    assertThat(one).isEqualTo(reordered);
    assertThat(one).isNotEqualTo(otherPassword);
    assertThat(one).isNotEqualTo(fewerParts);
  }

  @Test
  void aSingleValueIsNotEqualToAPartedSecret() {
    assertThat(Secret.of(CANARY)).isNotEqualTo(Secret.ofParts(Map.of("value", CANARY)));
  }

  @Test
  void expiryTakesPartInEquality() {
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");

    assertThat(Secret.of(CANARY).expiringAt(expiry))
        .isEqualTo(Secret.of(CANARY).expiringAt(expiry));
    assertThat(Secret.of(CANARY).expiringAt(expiry)).isNotEqualTo(Secret.of(CANARY));
  }

  @Test
  void theHashCodeDependsOnPartNamesOnly() {
    assertThat(Secret.of("a")).hasSameHashCodeAs(Secret.of("completely different"));
    assertThat(Secret.ofParts(Map.of("username", "a")))
        .hasSameHashCodeAs(Secret.ofParts(Map.of("username", "b")));
  }

  @Test
  void aSecretIsNotEqualToItsValueAsAString() {
    assertThat(Secret.of(CANARY)).isNotEqualTo(CANARY);
  }

  @Test
  void aSecretWithoutExpiryNeverExpires() {
    Secret secret = Secret.of(CANARY);

    assertThat(secret.expiresAt()).isNull();
    assertThat(secret.isExpiredAt(Instant.MAX)).isFalse();
  }

  @Test
  void aSecretExpiresAtItsExpiryInstantAndAfter() {
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
    Secret secret = Secret.of(CANARY).expiringAt(expiry);

    assertThat(secret.expiresAt()).isEqualTo(expiry);
    assertThat(secret.isExpiredAt(expiry.minusMillis(1))).isFalse();
    assertThat(secret.isExpiredAt(expiry)).isTrue();
    assertThat(secret.isExpiredAt(expiry.plusSeconds(1))).isTrue();
  }

  @Test
  void expiringAtLeavesTheOriginalUntouchedAndKeepsTheValue() {
    Secret original = Secret.ofParts(Map.of("token", CANARY));
    Secret expiring = original.expiringAt(Instant.EPOCH);

    assertThat(original.expiresAt()).isNull();
    assertThat(expiring.reveal("token")).isEqualTo(CANARY);
  }

  private static Map<String, String> orderedParts(String... namesAndValues) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parts.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return parts;
  }
}
