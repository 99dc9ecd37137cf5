package dev.mcpgate.core.policy;

import static dev.mcpgate.core.policy.Fixtures.call;
import static dev.mcpgate.core.policy.Fixtures.caller;
import static dev.mcpgate.core.policy.Fixtures.listing;
import static dev.mcpgate.core.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Conditions on call arguments: typed operators, absent arguments, listing time. */
class ArgumentConditionTest {

  private final CallerContext caller = caller().build();
  private final ToolDefinition transfer = tool("transfer");

  private boolean allows(ArgumentCondition condition, @Nullable Object value) {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("r").tools("transfer").argument(condition))
            .build();
    Map<String, @Nullable Object> arguments = new HashMap<>();
    arguments.put("x", value);
    return call(engine, caller, transfer, arguments).allowed();
  }

  @Test
  void atMostComparesNumbersByValueWhateverTheirType() {
    ArgumentCondition atMost = ArgumentCondition.atMost("x", 1000);

    assertThat(allows(atMost, 1000)).isTrue();
    assertThat(allows(atMost, 999L)).isTrue();
    assertThat(allows(atMost, 1000.0)).isTrue();
    assertThat(allows(atMost, 1000.5)).isFalse();
    assertThat(allows(atMost, new BigDecimal("1000.000"))).isTrue();
    assertThat(allows(atMost, new BigInteger("100000000000000000000"))).isFalse();
    assertThat(allows(atMost, -5)).isTrue();
  }

  @Test
  void theOrderingOperatorsAreStrictOrNotAsNamed() {
    assertThat(allows(ArgumentCondition.lessThan("x", 10), 9)).isTrue();
    assertThat(allows(ArgumentCondition.lessThan("x", 10), 10)).isFalse();
    assertThat(allows(ArgumentCondition.greaterThan("x", 10), 11)).isTrue();
    assertThat(allows(ArgumentCondition.greaterThan("x", 10), 10)).isFalse();
    assertThat(allows(ArgumentCondition.atLeast("x", 10), 10)).isTrue();
    assertThat(allows(ArgumentCondition.atLeast("x", 10.5), 10)).isFalse();
    assertThat(allows(ArgumentCondition.atMost("x", 0.1), 0.1)).isTrue();
  }

  @Test
  void orderingOperatorsNeverMatchANonNumber() {
    assertThat(allows(ArgumentCondition.atMost("x", 1000), "5")).isFalse();
    assertThat(allows(ArgumentCondition.atMost("x", 1000), true)).isFalse();
    assertThat(allows(ArgumentCondition.atMost("x", 1000), List.of(5))).isFalse();
  }

  @Test
  void equalityIsTyped() {
    assertThat(allows(ArgumentCondition.equalTo("x", "EUR"), "EUR")).isTrue();
    assertThat(allows(ArgumentCondition.equalTo("x", "EUR"), "eur")).isFalse();
    assertThat(allows(ArgumentCondition.equalTo("x", 1), "1")).isFalse();
    assertThat(allows(ArgumentCondition.equalTo("x", 1), 1.0)).isTrue();
    assertThat(allows(ArgumentCondition.equalTo("x", true), true)).isTrue();
    assertThat(allows(ArgumentCondition.equalTo("x", true), "true")).isFalse();
  }

  @Test
  void notEqualToNeedsAPresentArgumentOfTheSameType() {
    ArgumentCondition notArchived = ArgumentCondition.notEqualTo("x", "archived");

    assertThat(allows(notArchived, "active")).isTrue();
    assertThat(allows(notArchived, "archived")).isFalse();
    assertThat(allows(notArchived, 5)).isFalse();
    assertThat(allows(notArchived, null)).isFalse();
  }

  @Test
  void membershipMatchesAnyListedValue() {
    ArgumentCondition in = ArgumentCondition.in("x", List.of("EUR", "USD", 7));
    ArgumentCondition notIn = ArgumentCondition.notIn("x", List.of("EUR", "USD"));

    assertThat(allows(in, "USD")).isTrue();
    assertThat(allows(in, 7.0)).isTrue();
    assertThat(allows(in, "GBP")).isFalse();
    assertThat(allows(notIn, "GBP")).isTrue();
    assertThat(allows(notIn, "EUR")).isFalse();
    assertThat(allows(notIn, 3)).as("another type").isFalse();
  }

  @Test
  void anAbsentOrNullArgumentSatisfiesNoCondition() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(
                PolicyRule.allow("small-transfers")
                    .tools("transfer")
                    .argument(ArgumentCondition.atMost("amount", 1000)))
            .build();

    assertThat(call(engine, caller, transfer, Map.of()).allowed()).isFalse();
    Map<String, @Nullable Object> nullAmount = new HashMap<>();
    nullAmount.put("amount", null);
    assertThat(call(engine, caller, transfer, nullAmount).allowed()).isFalse();
    assertThat(call(engine, caller, transfer, Map.of("amount", 10)).allowed()).isTrue();
  }

  @Test
  void everyArgumentConditionMustHold() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(
                PolicyRule.allow("eur-transfers")
                    .tools("transfer")
                    .argument(ArgumentCondition.atMost("amount", 1000))
                    .argument(ArgumentCondition.equalTo("currency", "EUR")))
            .build();

    assertThat(call(engine, caller, transfer, Map.of("amount", 10, "currency", "EUR")).allowed())
        .isTrue();
    assertThat(call(engine, caller, transfer, Map.of("amount", 10, "currency", "USD")).allowed())
        .isFalse();
    assertThat(call(engine, caller, transfer, Map.of("amount", 5000, "currency", "EUR")).allowed())
        .isFalse();
  }

  @Test
  void anAllowRuleWithArgumentConditionsShowsTheToolInAListing() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(
                PolicyRule.allow("small-transfers")
                    .tools("transfer")
                    .argument(ArgumentCondition.atMost("amount", 1000)))
            .build();

    assertThat(listing(engine, caller, transfer).reason()).isEqualTo(
        "allowed by rule small-transfers");
    assertThat(call(engine, caller, transfer, Map.of("amount", 5000)).reason())
        .isEqualTo(RulePolicyEngine.DEFAULT_DENY_REASON);
  }

  @Test
  void aDenyRuleWithArgumentConditionsNeverHidesATool() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("transfers").tools("transfer"))
            .rule(
                PolicyRule.deny("large-transfers")
                    .tools("transfer")
                    .argument(ArgumentCondition.greaterThan("amount", 1000)))
            .build();

    assertThat(listing(engine, caller, transfer).allowed()).isTrue();
    assertThat(call(engine, caller, transfer, Map.of("amount", 10)).allowed()).isTrue();
    assertThat(call(engine, caller, transfer, Map.of("amount", 5000)).reason())
        .isEqualTo("denied by rule large-transfers");
  }

  @Test
  void valuesThatDoNotFitTheOperatorAreRejected() {
    assertThatThrownBy(() -> ArgumentCondition.atMost("x", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite number");
    assertThatThrownBy(() -> new ArgumentCondition("x", ArgumentCondition.Operator.AT_MOST, "5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgumentCondition.in("x", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty list");
    assertThatThrownBy(() -> ArgumentCondition.equalTo("x", List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgumentCondition.in("x", List.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgumentCondition.equalTo(" ", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConditionReadsAsItIsWritten() {
    assertThat(ArgumentCondition.atMost("amount", 1000)).hasToString("amount <= 1000");
    assertThat(ArgumentCondition.in("currency", List.of("EUR", "USD")))
        .hasToString("currency in [EUR, USD]");
  }
}
