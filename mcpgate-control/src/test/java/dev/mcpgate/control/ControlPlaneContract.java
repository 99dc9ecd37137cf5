package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Command.Decision;
import dev.mcpgate.control.Outcome.Refusal;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.policy.PolicyRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must give the control plane. Each store's test extends this class, so the
 * same specification runs on memory, SQLite and PostgreSQL.
 */
abstract class ControlPlaneContract {

  static final Actor OPERATOR = new Actor("olga", Role.OPERATOR, Surface.API);
  static final Actor APPROVER = new Actor("anna", Role.APPROVER, Surface.UI);
  static final Actor VIEWER = new Actor("vic", Role.VIEWER, Surface.API);
  static final Actor ADMIN = new Actor("ada", Role.ADMIN, Surface.CLI);

  ControlStore store;
  ControlPlane control;
  final List<ChangeEvent> published = new ArrayList<>();

  /** A new, empty store. */
  abstract ControlStore newStore();

  ControlPlane.Builder configure(ControlPlane.Builder builder) {
    return builder;
  }

  @BeforeEach
  void open() {
    store = newStore();
    control = configure(ControlPlane.builder(store)).build();
    control.subscribe(published::add);
  }

  @AfterEach
  void closeAll() {
    // Null when the store could not be made (a skipped PostgreSQL test).
    if (control != null) {
      control.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static <T> T applied(Outcome<T> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Applied.class);
    return ((Outcome.Applied<T>) outcome).result();
  }

  static Refusal refusal(Outcome<?> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    return ((Outcome.Refused<?>) outcome).reason();
  }

  SourceRevision importPets(byte[] description) {
    return applied(control.apply(OPERATOR,
        new Command.ImportRevision("pets", description, "pets.yaml")));
  }

  Review approve(int number) {
    Review review = control.review("pets", number).orElseThrow();
    return applied(control.apply(APPROVER, new Command.DecideReview("pets", number,
        Decision.APPROVE, "looked at it", review.meta().revision())));
  }

  Source publish(int number, String environment) {
    Source source = control.source("pets").orElseThrow();
    return applied(control.apply(OPERATOR, new Command.PublishRevision("pets", number,
        environment, source.meta().revision())));
  }

  // ---- review workflow ---------------------------------------------------------------------

  @Test
  void importingADescriptionCreatesARevisionPendingReviewWithItsEvidence() {
    byte[] description = Specs.pets("List pets");
    SourceRevision revision = importPets(description);

    assertThat(revision.number()).isEqualTo(1);
    assertThat(revision.summary().tools()).isEqualTo(2);
    assertThat(control.description("pets", 1)).hasValueSatisfying(
        bytes -> assertThat(bytes).isEqualTo(description));
    Review review = control.review("pets", 1).orElseThrow();
    assertThat(review.status()).isEqualTo(ReviewStatus.PENDING);
    assertThat(review.evidence().operations())
        .extracting(OperationEvidence::key, OperationEvidence::risk,
            OperationEvidence::summary)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET /pets", Risk.READ, "List pets"),
            org.assertj.core.groups.Tuple.tuple("POST /pets", Risk.WRITE, "Add a pet"));
    assertThat(review.evidence().auth()).containsExactly("bearer");
    assertThat(review.evidence().hosts()).containsExactly("https://api.example.com");
    assertThat(review.evidence().diff().base()).isZero();
    assertThat(review.evidence().diff().added()).containsExactly("GET /pets", "POST /pets");
    assertThat(control.source("pets").orElseThrow().latestRevision()).isEqualTo(1);
  }

  @Test
  void aDescriptionThatCannotBeImportedIsRefusedAsInvalidAndStoresNothing() {
    Outcome<SourceRevision> outcome = control.apply(OPERATOR, new Command.ImportRevision(
        "pets", "openapi: 3.0.3\npaths: [".getBytes(), "broken.yaml"));

    assertThat(refusal(outcome)).isEqualTo(Refusal.INVALID);
    assertThat(((Outcome.Refused<?>) outcome).message()).contains("broken.yaml");
    assertThat(control.sources()).isEmpty();
    assertThat(control.changes(ChangeQuery.latest(10))).isEmpty();
  }

  @Test
  void onlyAnApproverDecidesAndTheDecisionIsFinal() {
    importPets(Specs.pets("List pets"));
    Review pending = control.review("pets", 1).orElseThrow();

    assertThat(refusal(control.apply(OPERATOR, new Command.DecideReview("pets", 1,
        Decision.APPROVE, null, pending.meta().revision())))).isEqualTo(Refusal.FORBIDDEN);
    Review approved = approve(1);
    assertThat(approved.status()).isEqualTo(ReviewStatus.APPROVED);
    assertThat(approved.decidedBy()).isEqualTo("anna");
    assertThat(approved.evidence()).isEqualTo(pending.evidence());
    assertThat(refusal(control.apply(APPROVER, new Command.DecideReview("pets", 1,
        Decision.REJECT, null, approved.meta().revision())))).isEqualTo(Refusal.CONFLICT);
  }

  @Test
  void onlyAnApprovedRevisionIsPublishedAndSandboxFirstGuardsProduction() {
    importPets(Specs.pets("List pets"));
    Source source = control.source("pets").orElseThrow();
    assertThat(refusal(control.apply(OPERATOR, new Command.PublishRevision("pets", 1,
        "production", source.meta().revision())))).isEqualTo(Refusal.CONFLICT);

    approve(1);
    applied(control.apply(OPERATOR, new Command.UpdateSource("pets", "Pets", true,
        source.meta().revision())));
    Outcome<Source> tooEarly = control.apply(OPERATOR, new Command.PublishRevision("pets", 1,
        "production", control.source("pets").orElseThrow().meta().revision()));
    assertThat(refusal(tooEarly)).isEqualTo(Refusal.CONFLICT);
    assertThat(((Outcome.Refused<?>) tooEarly).message()).contains("sandbox before production");

    publish(1, "sandbox");
    Source live = publish(1, "production");
    assertThat(live.published()).containsEntry("sandbox", 1).containsEntry("production", 1);
    assertThat(control.snapshot("production").tools()).extracting(ToolDefinition::name)
        .containsExactly("listPets", "addPet");
    assertThat(control.snapshot("staging").tools()).isEmpty();
  }

  @Test
  void aDescriptionOnlyRevisionIsApprovedByRuleWhenTheRuleIsOn() {
    control.close();
    control = ControlPlane.builder(store).reviewRules(new ReviewRules(true)).build();
    importPets(Specs.pets("List pets"));
    approve(1);

    importPets(Specs.pets("List all the pets"));

    Review second = control.review("pets", 2).orElseThrow();
    assertThat(second.status()).isEqualTo(ReviewStatus.APPROVED);
    assertThat(second.decidedBy()).isEqualTo(ReviewRules.DESCRIPTION_ONLY);
    assertThat(second.evidence().diff().base()).isEqualTo(1);
    assertThat(second.evidence().diff().redescribed()).containsExactly("GET /pets");
    assertThat(second.evidence().diff().descriptionOnly()).isTrue();
  }

  @Test
  void aRevisionChangingHostsAuthOrWritesNeedsAPersonEvenWithTheRuleOn() {
    control.close();
    control = ControlPlane.builder(store).reviewRules(new ReviewRules(true)).build();
    importPets(Specs.pets("List pets"));
    approve(1);

    importPets(Specs.pets("List pets", "https://evil.example.net", "basic", Specs.DELETE_PET));

    Review second = control.review("pets", 2).orElseThrow();
    assertThat(second.status()).isEqualTo(ReviewStatus.PENDING);
    RevisionDiff diff = second.evidence().diff();
    assertThat(diff.added()).containsExactly("DELETE /pets/{id}");
    assertThat(diff.changed()).containsExactly("GET /pets", "POST /pets");
    assertThat(diff.writesChanged()).isTrue();
    assertThat(diff.hostsAdded()).containsExactly("https://evil.example.net");
    assertThat(diff.hostsRemoved()).containsExactly("https://api.example.com");
    assertThat(diff.authAdded()).containsExactly("basic");
    assertThat(diff.authRemoved()).containsExactly("bearer");
    assertThat(second.evidence().operations()).filteredOn(op -> op.method().equals("DELETE"))
        .extracting(OperationEvidence::risk).containsExactly(Risk.DESTRUCTIVE);
  }

  @Test
  void theSelectionNarrowsTheToolsServed() {
    importPets(Specs.pets("List pets"));
    approve(1);
    publish(1, "production");

    applied(control.apply(OPERATOR, new Command.SelectOperations("pets", Set.of("listPets"),
        0)));

    assertThat(control.snapshot("production").tools()).extracting(ToolDefinition::name)
        .containsExactly("listPets");
  }

  // ---- import settings ----------------------------------------------------------------------

  @Test
  void aRevisionKeepsItsImportSettingsAndTheSnapshotBuildsItsToolsWithThem() {
    ImportSettings settings = ImportSettings.builder().baseUrl("https://pets.internal:8443/v2")
        .toolPrefix("zoo").operations(List.of("listPets"))
        .outputSchemas(dev.mcpgate.core.OutputSchemaMode.NONE).build();
    SourceRevision revision = applied(control.apply(OPERATOR, new Command.ImportRevision(
        "pets", Specs.pets("List pets"), "pets.yaml", settings)));
    approve(1);
    publish(1, "production");

    assertThat(revision.settings()).isEqualTo(settings);
    assertThat(control.revisions("pets")).extracting(SourceRevision::settings)
        .containsExactly(settings);
    assertThat(control.review("pets", 1).orElseThrow().evidence().hosts())
        .containsExactly("https://pets.internal:8443");
    ControlSnapshot snapshot = control.snapshot("production");
    assertThat(snapshot.tools()).extracting(ToolDefinition::name).containsExactly("zoo_listPets");
    assertThat(snapshot.tools().get(0).http().serverUrl())
        .isEqualTo("https://pets.internal:8443/v2");
    assertThat(snapshot.sources()).containsExactly(
        new ControlSnapshot.SnapshotSource("pets", 1, Owner.API, settings));
    assertThat(published.get(0).summary()).contains("settings baseUrl "
        + "https://pets.internal:8443/v2, toolPrefix zoo, operations listPets, outputSchemas none");
  }

  @Test
  void theSameBytesWithOtherSettingsAreANewRevisionThatAPersonReviewsEvenWithTheRuleOn() {
    control.close();
    control = ControlPlane.builder(store).reviewRules(new ReviewRules(true)).build();
    importPets(Specs.pets("List pets"));
    approve(1);

    SourceRevision second = applied(control.apply(OPERATOR, new Command.ImportRevision("pets",
        Specs.pets("List pets"), "pets.yaml",
        ImportSettings.builder().toolPrefix("zoo").build())));

    assertThat(second.number()).isEqualTo(2);
    assertThat(second.sha256()).isEqualTo(control.revisions("pets").get(0).sha256());
    assertThat(control.review("pets", 2).orElseThrow().status())
        .isEqualTo(ReviewStatus.PENDING);
  }

  @Test
  void settingsThatNameAMissingBindingAreRefusedAsInvalidAndStoreNothing() {
    Outcome<SourceRevision> outcome = control.apply(OPERATOR, new Command.ImportRevision("pets",
        Specs.pets("List pets"), "pets.yaml",
        ImportSettings.builder().binding("pets-token").build()));

    assertThat(refusal(outcome)).isEqualTo(Refusal.INVALID);
    assertThat(((Outcome.Refused<?>) outcome).message())
        .isEqualTo("settings.binding: no binding pets-token");
    assertThat(control.sources()).isEmpty();
  }

  @Test
  void aBindingAPublishedSourceUsesIsNotDeletedAndARevisionIsNotPublishedWithoutItsBinding() {
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("pets-key", AuthKind.BEARER, "env:PETS_TOKEN"), 0)));
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("pets", AuthKind.BEARER, "env:PETS_DEFAULT"), 0)));
    applied(control.apply(OPERATOR, new Command.ImportRevision("pets", Specs.pets("List pets"),
        "pets.yaml", ImportSettings.builder().binding("pets-key").build())));
    approve(1);
    publish(1, "production");

    Outcome<Binding> refused = control.apply(ADMIN, new Command.DeleteBinding("pets-key", 1));
    assertThat(refusal(refused)).isEqualTo(Refusal.CONFLICT);
    assertThat(((Outcome.Refused<?>) refused).message())
        .contains("binding pets-key is used by the published source pets revision 1 "
            + "(production)", "withdraw it");
    assertThat(control.bindings()).hasSize(2);
    // The binding named like the source is not what revision 1 uses.
    applied(control.apply(OPERATOR, new Command.DeleteBinding("pets", 1)));

    // A revision without a named binding uses the one named like the source.
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("pets", AuthKind.BEARER, "env:PETS_DEFAULT"), 0)));
    importPets(Specs.pets("List the pets"));
    approve(2);
    publish(2, "sandbox");
    assertThat(refusal(control.apply(OPERATOR, new Command.DeleteBinding("pets", 1))))
        .isEqualTo(Refusal.CONFLICT);

    Source source = control.source("pets").orElseThrow();
    applied(control.apply(OPERATOR, new Command.WithdrawSource("pets", "production",
        source.meta().revision())));
    applied(control.apply(OPERATOR, new Command.DeleteBinding("pets-key", 1)));

    // Revision 1 names a binding that is gone: it is not published again until it is back.
    Outcome<Source> republished = control.apply(OPERATOR, new Command.PublishRevision("pets", 1,
        "production", control.source("pets").orElseThrow().meta().revision()));
    assertThat(refusal(republished)).isEqualTo(Refusal.CONFLICT);
    assertThat(((Outcome.Refused<?>) republished).message())
        .contains("binding pets-key, which does not exist");
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("pets-key", AuthKind.BEARER, "env:PETS_TOKEN"), 0)));
    publish(1, "production");
  }

  // ---- concurrency, dry runs, ownership ----------------------------------------------------

  @Test
  void aStaleRevisionIsRefusedAndChangesNothing() {
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:GITHUB_TOKEN"), 0)));
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:GITHUB_TOKEN_2"), 1)));

    Outcome<Binding> late = control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:OTHER"), 1));

    assertThat(refusal(late)).isEqualTo(Refusal.STALE_REVISION);
    assertThat(((Outcome.Refused<?>) late).message()).contains("revision 2, not 1");
    assertThat(control.changes(ChangeQuery.of(ObjectKind.BINDING, "github")).get(0).summary())
        .isEqualTo("changed binding github (bearer): secret reference changed")
        .doesNotContain("GITHUB_TOKEN");
    assertThat(control.bindings()).singleElement().satisfies(binding -> {
      assertThat(binding.meta().revision()).isEqualTo(2);
      assertThat(binding.binding().secretRef()).isEqualTo("env:GITHUB_TOKEN_2");
    });
  }

  @Test
  void aDryRunShowsTheChangeAndWritesAndPublishesNothing() {
    Outcome<Client> outcome = control.dryRun(OPERATOR,
        new Command.CreateClient("acme", "ACME", null, Set.of("read")));

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Preview.class, preview -> {
      assertThat(preview.change().summary()).isEqualTo("created client acme");
      assertThat(preview.change().revisionAfter()).isEqualTo(1);
      assertThat(preview.change().sequence()).isZero();
    });
    assertThat(control.clients()).isEmpty();
    assertThat(control.sequence()).isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aDryRunRefusesWhatApplyingWouldRefuse() {
    assertThat(refusal(control.dryRun(OPERATOR, new Command.RevokeClient("nobody", 1))))
        .isEqualTo(Refusal.NOT_FOUND);
    assertThat(refusal(control.dryRun(VIEWER,
        new Command.CreateClient("acme", null, null, Set.of())))).isEqualTo(Refusal.FORBIDDEN);
  }

  @Test
  void anObjectFromTheConfigurationFileIsRefusedThroughTheSurfaces() {
    applied(control.apply(Actor.local(Surface.FILE),
        new Command.CreateClient("acme", null, null, Set.of())));

    Outcome<Client> outcome = control.apply(OPERATOR, new Command.RevokeClient("acme", 1));

    assertThat(refusal(outcome)).isEqualTo(Refusal.FILE_OWNED);
    assertThat(((Outcome.Refused<?>) outcome).message()).contains("configuration file");
    assertThat(control.clients()).singleElement()
        .satisfies(client -> assertThat(client.meta().owner()).isEqualTo(Owner.FILE));
  }

  @Test
  void aSecretValueIsRefusedAsABindingReferenceWithoutQuotingIt() {
    assertThatThrownBy(() -> new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "ghp_abc123 secret"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STORE:NAME")
        .hasMessageNotContaining("ghp_abc123");
  }

  // ---- clients and keys, the change log ----------------------------------------------------

  @Test
  void anIssuedKeyIsShownOnceStoredAsItsHashAndGoneFromTheSnapshotWhenRevoked() {
    applied(control.apply(OPERATOR, new Command.CreateClient("acme", "ACME", "t1",
        Set.of("read"))));
    applied(control.apply(OPERATOR, new Command.CreateProfile("acme", "production")));
    IssuedClientKey issued = applied(control.apply(OPERATOR,
        new Command.IssueKey("acme", "production")));

    assertThat(issued.toString()).doesNotContain(issued.secret());
    ControlSnapshot.SnapshotClient client = control.snapshot("production").clients().get(0);
    assertThat(client.keys()).singleElement().satisfies(key -> {
      assertThat(key.keyId()).isEqualTo(ClientRegistry.keyIdOf(issued.secret()));
      assertThat(key.sha256()).isEqualTo(ClientRegistry.hashKey(issued.secret()));
    });
    assertThat(control.changes(ChangeQuery.latest(100)))
        .allSatisfy(change -> assertThat(change.summary()).doesNotContain(issued.secret()));
    assertThat(control.keys("acme").toString()).doesNotContain(issued.secret());

    applied(control.apply(OPERATOR, new Command.RevokeKey(issued.key().meta().id(), 1)));
    assertThat(control.snapshot("production").clients().get(0).keys()).isEmpty();
  }

  @Test
  void aClientAndAKeyAreReadByTheirIdsAloneRevokedOrNot() {
    applied(control.apply(OPERATOR, new Command.CreateClient("acme", "ACME", null, Set.of())));
    applied(control.apply(OPERATOR, new Command.CreateClient("globex", null, null, Set.of())));
    applied(control.apply(OPERATOR, new Command.CreateProfile("globex", "production")));
    IssuedClientKey issued = applied(control.apply(OPERATOR,
        new Command.IssueKey("globex", "production")));
    String keyId = issued.key().meta().id();

    assertThat(control.client("acme")).get().extracting(Client::displayName).isEqualTo("ACME");
    assertThat(control.client("nobody")).isEmpty();
    assertThat(control.key(keyId)).get().satisfies(key -> {
      assertThat(key.clientId()).isEqualTo("globex");
      assertThat(key.profile()).isEqualTo("production");
      assertThat(key.toString()).doesNotContain(issued.secret());
    });
    assertThat(control.key("0000000000000000")).isEmpty();
    assertThat(control.key("globex")).as("a client's id is no key's").isEmpty();

    applied(control.apply(OPERATOR, new Command.RevokeKey(keyId, 1)));
    applied(control.apply(OPERATOR, new Command.RevokeClient("acme", 1)));
    assertThat(control.key(keyId)).get().extracting(ClientKey::revoked).isEqualTo(true);
    assertThat(control.client("acme")).get().extracting(Client::revoked).isEqualTo(true);
  }

  @Test
  void aRevokedProfileOrClientTakesItsKeysOutOfTheSnapshot() {
    applied(control.apply(OPERATOR, new Command.CreateClient("acme", null, null, Set.of())));
    applied(control.apply(OPERATOR, new Command.CreateProfile("acme", "sandbox")));
    applied(control.apply(OPERATOR, new Command.IssueKey("acme", "sandbox")));

    applied(control.apply(OPERATOR, new Command.RevokeProfile("acme", "sandbox", 1)));
    assertThat(control.snapshot("sandbox").clients().get(0).keys()).isEmpty();
    assertThat(refusal(control.apply(OPERATOR, new Command.IssueKey("acme", "sandbox"))))
        .isEqualTo(Refusal.CONFLICT);

    applied(control.apply(OPERATOR, new Command.RevokeClient("acme", 1)));
    assertThat(control.snapshot("sandbox").clients()).isEmpty();
  }

  @Test
  void everyChangeIsLoggedWithActorSurfaceRevisionsAndSequence() {
    applied(control.apply(OPERATOR, new Command.PutRule(new RuleDefinition("read-all", 10,
        PolicyRule.Effect.ALLOW, null, List.of(), List.of(), List.of(), List.of("*"), List.of(),
        List.of(), List.of(), true), 0)));
    applied(control.apply(ADMIN, new Command.DeleteRule("read-all", 1)));

    List<ChangeEvent> changes = control.changes(ChangeQuery.of(ObjectKind.RULE, "read-all"));
    assertThat(changes).extracting(ChangeEvent::sequence, ChangeEvent::actor,
            ChangeEvent::surface, ChangeEvent::revisionBefore, ChangeEvent::revisionAfter)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "ada", Surface.CLI, 1L, 0L),
            org.assertj.core.groups.Tuple.tuple(1L, "olga", Surface.API, 0L, 1L));
    assertThat(control.sequence()).isEqualTo(2);
    assertThat(published).containsExactly(changes.get(1), changes.get(0));
  }

  @Test
  void theSnapshotCarriesBindingsRulesAndLimits() {
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:GITHUB_TOKEN"), 0)));
    applied(control.apply(OPERATOR, new Command.PutRule(new RuleDefinition("deny-delete", 1,
        PolicyRule.Effect.DENY, "no deletes", List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of("DELETE"), null), 0)));
    applied(control.apply(OPERATOR, new Command.PutLimit(new LimitDefinition("acme-rate",
        LimitDefinition.Scope.CLIENT, "acme", 100, Duration.ofMinutes(1)), 0)));

    ControlSnapshot snapshot = control.snapshot("production");

    assertThat(snapshot.sequence()).isEqualTo(3);
    assertThat(snapshot.bindings()).extracting(CredentialBinding::secretRef)
        .containsExactly("env:GITHUB_TOKEN");
    assertThat(snapshot.rules()).extracting(PolicyRule::id).containsExactly("deny-delete");
    assertThat(snapshot.limits()).extracting(LimitDefinition::capacity).containsExactly(100L);
  }

  @Test
  void aRuleWithEveryKindOfConditionAndAPerCallerLimitComeBackFromTheStoreAsStored() {
    RuleDefinition rule = RuleDefinition.from(PolicyRule.allow("small-payments")
        .description("agents may pay small amounts")
        .subjects("alice").agents("buyer-bot").workloads("spiffe://shop/checkout")
        .clientIds("acme").surfaces("mcp").tenants("shop").environments("production")
        .authMethods("jwt").anyScope("payments:write", "admin").allScopes("payments:write")
        .attribute("department", "sales", "ops")
        .tools("pay_*").tags("payments").sources("pay").httpMethods("POST")
        .readOnly(false).destructive(false).idempotent(true).openWorld(false)
        .argument(dev.mcpgate.core.policy.ArgumentCondition.atMost("amount", 1000))
        .argument(dev.mcpgate.core.policy.ArgumentCondition.atLeast("amount", 0.5))
        .argument(dev.mcpgate.core.policy.ArgumentCondition.in("currency", List.of("EUR", "USD")))
        .argument(dev.mcpgate.core.policy.ArgumentCondition.notEqualTo("express", true))
        .argument(dev.mcpgate.core.policy.ArgumentCondition.lessThan("count",
            3_000_000_000L))
        .build(), 7);
    LimitDefinition limit = new LimitDefinition("each-caller", LimitDefinition.Scope.EACH_CALLER,
        "*", 5, Duration.ofMinutes(1));

    applied(control.apply(OPERATOR, new Command.PutRule(rule, 0)));
    applied(control.apply(OPERATOR, new Command.PutLimit(limit, 0)));

    assertThat(control.rules()).extracting(Rule::definition).containsExactly(rule);
    assertThat(control.limits()).extracting(Limit::definition).containsExactly(limit);
    assertThat(control.snapshot("production").rules()).containsExactly(rule.toPolicyRule());
  }

  @Test
  void aRuleStoredBeforeTheRuleModelHeldEveryConditionReadsTheNewOnesAsEmpty() {
    applied(control.apply(OPERATOR, new Command.PutRule(new RuleDefinition("old", 1,
        PolicyRule.Effect.DENY, "no deletes", List.of("bob"), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of("DELETE"), true), 0)));
    // Rewrite the row as an older version wrote it: without the components added since.
    store.write(tx -> {
      dev.mcpgate.control.store.StoredObject row = tx.find(ObjectKind.RULE, "old").orElseThrow();
      tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper
          .builder().build();
      tools.jackson.databind.node.ObjectNode body =
          (tools.jackson.databind.node.ObjectNode) json.readTree(row.body());
      ((tools.jackson.databind.node.ObjectNode) body.get("definition")).remove(List.of(
          "agents", "workloads", "surfaces", "tenants", "authMethods", "scopes", "allScopes",
          "attributes", "destructive", "idempotent", "openWorld", "arguments"));
      return tx.replace(new dev.mcpgate.control.store.StoredObject(row.kind(), row.id(),
          row.parentId(), row.revision(), json.writeValueAsString(body), null), row.revision());
    });

    RuleDefinition read = control.rules().get(0).definition();

    assertThat(read).isEqualTo(new RuleDefinition("old", 1, PolicyRule.Effect.DENY,
        "no deletes", List.of("bob"), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of("DELETE"), true));
    assertThat(read.agents()).isEmpty();
    assertThat(read.attributes()).isEmpty();
    assertThat(read.arguments()).isEmpty();
    assertThat(read.destructive()).isNull();
  }

  // ---- operators ---------------------------------------------------------------------------

  @Test
  void anOperatorTokenAuthenticatesUntilTheOperatorIsRevoked() {
    IssuedOperatorToken issued = applied(control.apply(ADMIN,
        new Command.CreateOperator("bob", Role.APPROVER)));

    assertThat(issued.toString()).doesNotContain(issued.token());
    assertThat(control.authenticate(issued.token(), Surface.API))
        .contains(new Actor("bob", Role.APPROVER, Surface.API));
    assertThat(control.authenticate(issued.token() + "x", Surface.API)).isEmpty();
    assertThat(control.authenticate("mgo_bob.guess", Surface.API)).isEmpty();

    applied(control.apply(ADMIN, new Command.RevokeOperator("bob", 1)));
    assertThat(control.authenticate(issued.token(), Surface.API)).isEmpty();
    assertThat(control.operators()).singleElement()
        .satisfies(operator -> assertThat(operator.revoked()).isTrue());
  }

  @Test
  void onlyAnAdminCreatesOperatorsAndAClientKeyIsNoOperatorToken() {
    assertThat(refusal(control.apply(APPROVER, new Command.CreateOperator("eve", Role.ADMIN))))
        .isEqualTo(Refusal.FORBIDDEN);
    applied(control.apply(OPERATOR, new Command.CreateClient("acme", null, null, Set.of())));
    applied(control.apply(OPERATOR, new Command.CreateProfile("acme", "production")));
    IssuedClientKey key = applied(control.apply(OPERATOR,
        new Command.IssueKey("acme", "production")));

    assertThat(control.authenticate(key.secret(), Surface.API)).isEmpty();
  }

  @Test
  void noKeyOrTokenIsInAnyStoredObjectChangeOrOutcome() {
    List<Object> outputs = new ArrayList<>();
    outputs.add(control.apply(OPERATOR, new Command.CreateClient("acme", null, null, Set.of())));
    outputs.add(control.apply(OPERATOR, new Command.CreateProfile("acme", "production")));
    Outcome<IssuedClientKey> key = control.apply(OPERATOR,
        new Command.IssueKey("acme", "production"));
    Outcome<IssuedOperatorToken> token = control.apply(ADMIN,
        new Command.CreateOperator("bob", Role.OPERATOR));
    outputs.add(key);
    outputs.add(token);
    outputs.add(control.dryRun(OPERATOR, new Command.IssueKey("acme", "production")));
    List<String> secrets = List.of(applied(key).secret(), applied(token).token());

    for (ObjectKind kind : ObjectKind.values()) {
      outputs.addAll(store.read(tx -> tx.list(kind, null)).stream()
          .map(dev.mcpgate.control.store.StoredObject::body).toList());
    }
    outputs.addAll(control.changes(ChangeQuery.latest(100)));
    outputs.add(control.snapshot("production"));
    outputs.addAll(control.operators());
    outputs.addAll(control.keys("acme"));

    for (Object output : outputs) {
      for (String secret : secrets) {
        assertThat(output.toString()).doesNotContain(secret);
      }
    }
  }

  // ---- audit -------------------------------------------------------------------------------

  static AuditEvent event(String requestId, Instant time, String client, String tool,
      String outcome) {
    return AuditEvent.builder(requestId, time, "tools/call",
            CallerContext.builder().clientId(client).authMethod("apiKey").build())
        .tool(tool).source("pets").outcome(AuditOutcome.fromJsonName(outcome).orElseThrow()).build();
  }

  @Test
  void auditEventsAreStoredAndQueriedByClientToolAndOutcome() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    control.audit().sink().record(event("r1", t0, "acme", "listPets", "ok"));
    control.audit().sink().record(event("r2", t0.plusSeconds(1), "acme", "addPet", "denied"));
    control.audit().sink().record(event("r3", t0.plusSeconds(2), "zeta", "listPets", "ok"));
    assertThat(control.audit().flush(Duration.ofSeconds(10))).isTrue();

    AuditLog audit = control.audit();
    assertThat(audit.query(AuditQuery.latest(10))).extracting(AuditEvent::requestId)
        .containsExactly("r3", "r2", "r1");
    assertThat(audit.query(new AuditQuery(null, null, "acme", null, null, null, 10)))
        .extracting(AuditEvent::requestId).containsExactly("r2", "r1");
    assertThat(audit.query(new AuditQuery(null, null, null, "listPets", "ok", "pets", 10)))
        .extracting(AuditEvent::requestId).containsExactly("r3", "r1");
    assertThat(audit.query(new AuditQuery(t0.plusSeconds(1), t0.plusSeconds(2), null, null,
        null, null, 10))).extracting(AuditEvent::requestId).containsExactly("r2");
    assertThat(audit.query(AuditQuery.latest(1)).get(0).caller().clientId()).isEqualTo("zeta");
    assertThat(audit.dropped()).isZero();
  }

  @Test
  void anAuditEventReadBackEqualsTheEventRecorded() {
    AuditEvent recorded = AuditEvent.builder("r9", Instant.parse("2026-12-01T10:00:00.123456Z"),
            "tools/call", CallerContext.builder().subject("u1").clientId("acme")
                .scopes(List.of("read", "write")).environment("production").authMethod("jwt")
                .tokenId("jti-1").attribute("team", "blue").build())
        .tool("addPet").operation("POST /pets").source("pets").bindingId("github")
        .credentialStatus(dev.mcpgate.api.CredentialStatus.RESOLVED)
        .gate(new dev.mcpgate.api.GateOutcome(dev.mcpgate.api.GateId.POLICY, true, "allowed by read-all"))
        .adapter(new dev.mcpgate.api.AdapterOutcome(201, Duration.ofMillis(42), 17, null))
        .outcome(AuditOutcome.OK).detail("attempt", "1").build();

    control.audit().sink().record(recorded);
    assertThat(control.audit().flush(Duration.ofSeconds(10))).isTrue();

    assertThat(control.audit().query(AuditQuery.latest(1))).containsExactly(recorded);
  }

  @Test
  void retentionPrunesByAgeAndByCount() {
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    control.close();
    control = ControlPlane.builder(store).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    for (int i = 0; i < 5; i++) {
      control.audit().sink().record(event("r" + i, now.minus(Duration.ofDays(10 - i)), "acme",
          "listPets", "ok"));
    }
    assertThat(control.audit().flush(Duration.ofSeconds(10))).isTrue();

    assertThat(control.audit().prune(Retention.ofAge(Duration.ofDays(7).plusHours(1))))
        .isEqualTo(3);
    assertThat(control.audit().prune(Retention.ofCount(1))).isEqualTo(1);
    assertThat(control.audit().query(AuditQuery.latest(10))).extracting(AuditEvent::requestId)
        .containsExactly("r4");
  }

  @Test
  void pruningManyEventsKeepsExactlyTheNewestAndTheRecent() {
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    control.close();
    control = ControlPlane.builder(store).clock(Clock.fixed(now, ZoneOffset.UTC))
        .auditQueueCapacity(30_000).build();
    // 23,000 events (more than two of the store's pruning chunks), every third one old, the
    // old ones scattered among the recent ones as late-arriving events are.
    for (int i = 0; i < 23_000; i++) {
      Instant at = i % 3 == 0 ? now.minus(Duration.ofDays(40)) : now.minusSeconds(23_000 - i);
      control.audit().sink().record(event("r" + i, at, "acme", "listPets", "ok"));
    }
    assertThat(control.audit().flush(Duration.ofSeconds(60))).isTrue();
    assertThat(control.audit().dropped()).isZero();

    long removed = control.audit().prune(new Retention(Duration.ofDays(30), 10_000));

    List<AuditEvent> kept = control.audit().query(AuditQuery.latest(10_000));
    assertThat(kept).hasSize(10_000);
    assertThat(removed).isEqualTo(13_000);
    assertThat(kept).allSatisfy(event ->
        assertThat(event.time()).isAfter(now.minus(Duration.ofDays(30))));
    // The newest 10,000 of the recent ones: r8000 to r22999 without the old (every third).
    assertThat(kept.get(0).requestId()).isEqualTo("r22999");
    assertThat(kept.get(kept.size() - 1).requestId()).isEqualTo("r8000");
    assertThat(kept).extracting(AuditEvent::requestId).doesNotContain("r7999", "r8001");
    assertThat(control.audit().prune(new Retention(Duration.ofDays(30), 10_000))).isZero();
  }

  @Test
  void anIncrementalSnapshotEqualsAFullOne() {
    applied(control.apply(OPERATOR, new Command.CreateClient("acme", null, null, Set.of())));
    applied(control.apply(OPERATOR, new Command.CreateProfile("acme", "production")));
    IssuedClientKey first = applied(control.apply(OPERATOR,
        new Command.IssueKey("acme", "production")));
    applied(control.apply(OPERATOR, new Command.IssueKey("acme", "production")));
    ControlSnapshot before = control.snapshot("production");

    applied(control.apply(OPERATOR, new Command.RevokeKey(first.key().meta().id(), 1)));
    applied(control.apply(OPERATOR, new Command.CreateClient("zeta", "Zeta", null,
        Set.of("read"))));
    applied(control.apply(OPERATOR, new Command.CreateProfile("zeta", "production")));
    applied(control.apply(OPERATOR, new Command.IssueKey("zeta", "production")));
    ControlSnapshot incremental = control.snapshot("production", before);
    ControlSnapshot full = control.snapshot("production");

    assertThat(incremental.sequence()).isEqualTo(full.sequence());
    assertThat(incremental.clients()).containsExactlyInAnyOrderElementsOf(full.clients());
    assertThat(incremental.clients()).filteredOn(c -> c.id().equals("acme")).singleElement()
        .satisfies(c -> assertThat(c.keys()).hasSize(1));

    applied(control.apply(OPERATOR, new Command.RevokeClient("zeta", 1)));
    applied(control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:GITHUB_TOKEN"), 0)));
    ControlSnapshot mixed = control.snapshot("production", incremental);

    assertThat(mixed).isEqualTo(control.snapshot("production"));
    assertThat(control.snapshot("production", mixed)).isSameAs(mixed);
  }
}
