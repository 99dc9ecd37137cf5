package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.policy.PolicyRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a declarative baseline is reconciled with a store: one plan, used to show the drift and to
 * apply it, touching only what the file owns. Each store's test extends this class.
 */
abstract class BaselinePlanContract {

  static final Actor FILE = new Actor("file", Role.ADMIN, Surface.FILE);
  static final Actor OPERATOR = Actor.local(Surface.API);
  static final byte[] HASH = new byte[32];

  ControlStore store;
  ControlPlane control;

  abstract ControlStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
    control = ControlPlane.builder(store).build();
  }

  @AfterEach
  void close() {
    // Null when the store could not be opened (no PostgreSQL here: the test was skipped).
    if (control != null) {
      control.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static Baseline baseline(String listSummary, String secretRef, boolean revokeBob,
      Set<String> selection) {
    return new Baseline(
        List.of(new Baseline.SourceSpec("pets", Specs.pets(listSummary), "pets.yaml", true,
            selection)),
        List.of(CredentialBinding.of("pets", AuthKind.BEARER, secretRef)),
        List.of(new Baseline.ClientSpec("acme", "Acme", null, Set.of("read"), false, List.of(
                new Baseline.ProfileSpec("production", false, List.of(
                    new Baseline.KeySpec("0123456789abcdef", HASH))))),
            new Baseline.ClientSpec("bob", null, null, Set.of(), revokeBob, List.of())),
        List.of(new RuleDefinition("read-all", 1, PolicyRule.Effect.ALLOW, null, List.of(),
            List.of(), List.of(), List.of("*"), List.of(), List.of(), List.of(), true)),
        List.of(new LimitDefinition("acme-rate", LimitDefinition.Scope.CLIENT, "acme", 10,
            Duration.ofSeconds(1))));
  }

  @Test
  void anEmptyStorePlansEveryObjectAndIsWithoutDriftOnceApplied() {
    Baseline baseline = baseline("List pets", "env:PETS_TOKEN", false, Set.of("listPets"));

    BaselinePlan plan = BaselinePlan.of(control, baseline, "production");

    assertThat(plan.changes()).extracting(BaselinePlan.Change::action)
        .containsOnly(BaselinePlan.Action.ADD);
    assertThat(plan.changes()).extracting(c -> c.kind() + " " + c.id()).containsExactly(
        "BINDING pets", "CLIENT acme", "PROFILE acme/production", "KEY 0123456789abcdef",
        "CLIENT bob", "SOURCE pets", "SELECTION pets", "RULE read-all", "LIMIT acme-rate");
    BaselinePlan.Result result = plan.apply(FILE);
    assertThat(result.problems()).isEmpty();
    assertThat(BaselinePlan.of(control, baseline, "production").empty()).isTrue();
    ControlSnapshot snapshot = control.snapshot("production");
    assertThat(snapshot.tools()).extracting(t -> t.name()).containsExactly("listPets");
    assertThat(snapshot.clients()).filteredOn(c -> c.id().equals("acme")).singleElement()
        .satisfies(c -> assertThat(c.keys()).extracting(ControlSnapshot.SnapshotKey::keyId)
            .containsExactly("0123456789abcdef"));
    assertThat(control.bindings()).allSatisfy(b ->
        assertThat(b.meta().owner()).isEqualTo(Owner.FILE));
  }

  @Test
  void changedImportSettingsOfAnApprovedSourceMakeANewRevisionApprovedAndPublished() {
    BaselinePlan.of(control, baseline("List pets", "env:PETS_TOKEN", false, null),
        "production").apply(FILE);
    Baseline first = baseline("List pets", "env:PETS_TOKEN", false, null);
    ImportSettings settings = ImportSettings.builder().baseUrl("https://pets.internal/v2")
        .toolPrefix("zoo").binding("pets").build();
    Baseline changed = new Baseline(
        List.of(new Baseline.SourceSpec("pets", Specs.pets("List pets"), "pets.yaml", true,
            null, settings)),
        first.bindings(), first.clients(), first.rules(), first.limits());

    BaselinePlan plan = BaselinePlan.of(control, changed, "production");

    assertThat(plan.lines()).singleElement().asString()
        .startsWith("~ source pets: import pets.yaml (")
        .contains("; baseUrl https://pets.internal/v2, toolPrefix zoo, binding pets)")
        .endsWith("as revision 2: its settings changed, approve, publish to production");
    assertThat(plan.apply(FILE).problems()).isEmpty();
    assertThat(BaselinePlan.of(control, changed, "production").empty()).isTrue();
    assertThat(control.revisions("pets")).extracting(SourceRevision::settings)
        .containsExactly(ImportSettings.defaults(), settings);
    ControlSnapshot snapshot = control.snapshot("production");
    assertThat(snapshot.tools()).extracting(t -> t.name())
        .containsExactly("zoo_listPets", "zoo_addPet");
    assertThat(snapshot.tools()).allSatisfy(tool ->
        assertThat(tool.http().serverUrl()).isEqualTo("https://pets.internal/v2"));
    assertThat(snapshot.sources()).singleElement().satisfies(source -> {
      assertThat(source.revision()).isEqualTo(2);
      assertThat(source.owner()).isEqualTo(Owner.FILE);
      assertThat(source.bindingId()).isEqualTo("pets");
    });
  }

  @Test
  void aChangedBaselineChangesRemovesAndRevokesOnlyWhatChanged() {
    BaselinePlan.of(control, baseline("List pets", "env:PETS_TOKEN", false, Set.of("listPets")),
        "production").apply(FILE);
    Baseline changed = new Baseline(
        List.of(new Baseline.SourceSpec("pets", Specs.pets("List every pet"), "pets.yaml", true,
            null)),
        List.of(CredentialBinding.of("pets", AuthKind.BEARER, "env:PETS_TOKEN_2")),
        List.of(new Baseline.ClientSpec("acme", "Acme", null, Set.of("read"), false,
            List.of(new Baseline.ProfileSpec("production", false, List.of())))),
        List.of(), List.of());

    BaselinePlan plan = BaselinePlan.of(control, changed, "production");

    assertThat(plan.lines()).containsExactly(
        "~ binding pets: changed (bearer, references only)",
        "- key 0123456789abcdef: revoked: no longer in the file",
        "- client bob: revoked: no longer in the file",
        plan.lines().get(3),
        "- selection pets: removed: every tool served",
        "- rule read-all: deleted: no longer in the file",
        "- limit acme-rate: deleted: no longer in the file");
    assertThat(plan.lines().get(3)).startsWith("~ source pets: import pets.yaml")
        .endsWith("as revision 2, approve, publish to production");
    assertThat(plan.apply(FILE).problems()).isEmpty();
    assertThat(BaselinePlan.of(control, changed, "production").empty()).isTrue();
    assertThat(control.source("pets").orElseThrow().published()).containsEntry("production", 2);
    assertThat(control.snapshot("production").clients()).extracting(c -> c.id())
        .containsExactly("acme");
  }

  @Test
  void aFileThatDropsASourceAndItsBindingWithdrawsTheSourceBeforeDeletingTheBinding() {
    Baseline first = baseline("List pets", "env:PETS_TOKEN", false, null);
    assertThat(BaselinePlan.of(control, first, "production").apply(FILE).problems()).isEmpty();
    Baseline without = new Baseline(List.of(), List.of(), first.clients(), first.rules(),
        first.limits());

    BaselinePlan plan = BaselinePlan.of(control, without, "production");

    assertThat(plan.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.id())
        .containsExactly("REMOVE SOURCE pets", "REMOVE BINDING pets");
    assertThat(plan.apply(FILE).problems()).isEmpty();
    assertThat(control.bindings()).isEmpty();
    assertThat(control.source("pets").orElseThrow().published()).isEmpty();
    assertThat(BaselinePlan.of(control, without, "production").empty()).isTrue();
  }

  @Test
  void aFileThatDropsABindingAPublishedSourceStillUsesReportsTheRefusal() {
    Baseline first = baseline("List pets", "env:PETS_TOKEN", false, null);
    BaselinePlan.of(control, first, "production").apply(FILE);
    Baseline without = new Baseline(first.sources(), List.of(), first.clients(), first.rules(),
        first.limits());

    BaselinePlan.Result result = BaselinePlan.of(control, without, "production").apply(FILE);

    assertThat(result.problems()).singleElement().asString()
        .contains("binding pets", "used by the published source pets revision 1 (production)");
    assertThat(control.bindings()).hasSize(1);
  }

  @Test
  void objectsCreatedThroughTheApiAreLeftAloneAndNamedInTheNotes() {
    control.apply(OPERATOR, new Command.PutBinding(
        CredentialBinding.of("pets", AuthKind.BEARER, "env:API_TOKEN"), 0));
    control.apply(OPERATOR, new Command.CreateClient("zeta", null, null, Set.of()));

    BaselinePlan plan = BaselinePlan.of(control, baseline("List pets", "env:PETS_TOKEN", false,
        Set.of("listPets")), "production");

    assertThat(plan.changes()).extracting(BaselinePlan.Change::id).doesNotContain("zeta");
    assertThat(plan.changes()).noneMatch(c -> c.kind() == ObjectKind.BINDING);
    assertThat(plan.notes()).containsExactly("binding pets: the store has one with this id"
        + " created through another surface; left as it is");
    plan.apply(FILE);
    assertThat(control.bindings()).singleElement().satisfies(b -> {
      assertThat(b.meta().owner()).isEqualTo(Owner.API);
      assertThat(b.binding().secretRef()).isEqualTo("env:API_TOKEN");
    });
    assertThat(control.clients()).filteredOn(c -> c.meta().id().equals("zeta")).singleElement()
        .satisfies(c -> assertThat(c.revoked()).isFalse());
  }

  @Test
  void aRevocationTheFileUndoesIsANoteNotAChange() {
    BaselinePlan.of(control, baseline("List pets", "env:PETS_TOKEN", true, Set.of("listPets")),
        "production").apply(FILE);

    BaselinePlan plan = BaselinePlan.of(control, baseline("List pets", "env:PETS_TOKEN", false,
        Set.of("listPets")), "production");

    assertThat(plan.empty()).isTrue();
    assertThat(plan.notes()).containsExactly("client bob: revoked in the store, and a"
        + " revocation is final; give the client a new id");
  }

  @Test
  void applyingNeedsTheFileSurfaceAndRecordsItInTheChangeLog() {
    BaselinePlan plan = BaselinePlan.of(control, baseline("List pets", "env:PETS_TOKEN", false,
        Set.of("listPets")), "production");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.apply(OPERATOR))
        .isInstanceOf(IllegalArgumentException.class);
    plan.apply(new Actor("local", Role.ADMIN, Surface.FILE));

    assertThat(control.changes(ChangeQuery.latest(100))).isNotEmpty()
        .allSatisfy(change -> {
          assertThat(change.surface()).isEqualTo(Surface.FILE);
          assertThat(change.actor()).isEqualTo("local");
        });
    assertThat(control.apply(OPERATOR, new Command.DeleteRule("read-all", 1)))
        .isInstanceOfSatisfying(Outcome.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(Outcome.Refusal.FILE_OWNED));
  }
}
