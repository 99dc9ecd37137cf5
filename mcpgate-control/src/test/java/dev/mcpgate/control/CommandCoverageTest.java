package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.control.Outcome.Refusal;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.policy.PolicyRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every mutation the service accepts, found by reflection over the sealed {@link Command}
 * interface, is authorized, can be previewed without effect, and when applied is recorded in
 * the change log and published: no command can skip a step.
 */
class CommandCoverageTest {

  /** The state every sample command applies to, and the key it issued. */
  private record World(ControlPlane control, String keyId) {}

  private static final Map<Class<?>, Function<World, Command<?>>> SAMPLES = samples();

  private static Map<Class<?>, Function<World, Command<?>>> samples() {
    Map<Class<?>, Function<World, Command<?>>> samples = new LinkedHashMap<>();
    samples.put(Command.ImportRevision.class, world -> new Command.ImportRevision("pets",
        Specs.pets("List every pet"), "pets-2.yaml"));
    samples.put(Command.DecideReview.class, world -> new Command.DecideReview("pets", 2,
        Command.Decision.REJECT, "no", 1));
    samples.put(Command.PublishRevision.class, world -> new Command.PublishRevision("pets", 1,
        "production", revisionOf(world.control().source("pets").orElseThrow())));
    samples.put(Command.WithdrawSource.class, world -> new Command.WithdrawSource("pets",
        "sandbox", revisionOf(world.control().source("pets").orElseThrow())));
    samples.put(Command.UpdateSource.class, world -> new Command.UpdateSource("pets", "Pets",
        true, revisionOf(world.control().source("pets").orElseThrow())));
    samples.put(Command.SelectOperations.class, world -> new Command.SelectOperations("pets",
        Set.of("listPets", "addPet"), 1));
    samples.put(Command.DeleteSelection.class, world -> new Command.DeleteSelection("pets", 1));
    samples.put(Command.PutBinding.class, world -> new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:GITHUB_TOKEN_NEW"), 1));
    samples.put(Command.DeleteBinding.class, world -> new Command.DeleteBinding("github", 1));
    samples.put(Command.CreateClient.class, world -> new Command.CreateClient("zeta", null,
        null, Set.of()));
    samples.put(Command.UpdateClient.class, world -> new Command.UpdateClient("acme", "Acme",
        "t1", Set.of("read"), 1));
    samples.put(Command.RevokeClient.class, world -> new Command.RevokeClient("acme", 1));
    samples.put(Command.CreateProfile.class, world -> new Command.CreateProfile("acme",
        "sandbox"));
    samples.put(Command.RevokeProfile.class, world -> new Command.RevokeProfile("acme",
        "production", 1));
    samples.put(Command.IssueKey.class, world -> new Command.IssueKey("acme", "production"));
    samples.put(Command.RegisterKey.class, world -> new Command.RegisterKey("acme",
        "production", "0123456789abcdef", new byte[32]));
    samples.put(Command.RevokeKey.class, world -> new Command.RevokeKey(world.keyId(), 1));
    samples.put(Command.PutRule.class, world -> new Command.PutRule(rule("deny-writes"), 0));
    samples.put(Command.DeleteRule.class, world -> new Command.DeleteRule("read-all", 1));
    samples.put(Command.PutLimit.class, world -> new Command.PutLimit(new LimitDefinition(
        "acme-rate", LimitDefinition.Scope.CLIENT, "acme", 10, Duration.ofSeconds(1)), 1));
    samples.put(Command.DeleteLimit.class, world -> new Command.DeleteLimit("acme-rate", 1));
    samples.put(Command.CreateOperator.class, world -> new Command.CreateOperator("carl",
        Role.OPERATOR));
    samples.put(Command.RevokeOperator.class, world -> new Command.RevokeOperator("bob", 1));
    return samples;
  }

  private static long revisionOf(ControlObject object) {
    return object.meta().revision();
  }

  private static RuleDefinition rule(String id) {
    return new RuleDefinition(id, 1, PolicyRule.Effect.ALLOW, null, List.of(), List.of(),
        List.of(), List.of("*"), List.of(), List.of(), List.of(), true);
  }

  /** A store with one of everything, made through the service. */
  private static World world() {
    ControlPlane control = ControlPlane.builder(ControlStore.inMemory()).build();
    Actor admin = Actor.local(Surface.API);
    control.apply(admin, new Command.ImportRevision("pets", Specs.pets("List pets"),
        "pets.yaml"));
    control.apply(admin, new Command.DecideReview("pets", 1, Command.Decision.APPROVE, null, 1));
    control.apply(admin, new Command.PublishRevision("pets", 1, "sandbox", 1));
    control.apply(admin, new Command.ImportRevision("pets", Specs.pets("List pets",
        "https://api.example.com", "basic", ""), "pets-2.yaml"));
    control.apply(admin, new Command.SelectOperations("pets", Set.of("listPets"), 0));
    control.apply(admin, new Command.PutBinding(
        CredentialBinding.of("github", AuthKind.BEARER, "env:GITHUB_TOKEN"), 0));
    control.apply(admin, new Command.CreateClient("acme", null, null, Set.of()));
    control.apply(admin, new Command.CreateProfile("acme", "production"));
    Outcome<IssuedClientKey> key = control.apply(admin, new Command.IssueKey("acme",
        "production"));
    control.apply(admin, new Command.PutRule(rule("read-all"), 0));
    control.apply(admin, new Command.PutLimit(new LimitDefinition("acme-rate",
        LimitDefinition.Scope.CLIENT, "acme", 100, Duration.ofMinutes(1)), 0));
    control.apply(admin, new Command.CreateOperator("bob", Role.VIEWER));
    return new World(control, ((Outcome.Applied<IssuedClientKey>) key).result().key().meta()
        .id());
  }

  @Test
  void everyCommandTypeHasASample() {
    assertThat(SAMPLES.keySet())
        .containsExactlyInAnyOrder(Command.class.getPermittedSubclasses());
  }

  @TestFactory
  Stream<DynamicTest> everyCommandIsAuthorizedPreviewedRecordedAndPublished() {
    return Stream.of(Command.class.getPermittedSubclasses()).map(type -> DynamicTest.dynamicTest(
        type.getSimpleName(), () -> {
          World world = world();
          ControlPlane control = world.control();
          Command<?> command = SAMPLES.get(type).apply(world);
          List<ChangeEvent> published = new ArrayList<>();
          control.subscribe(published::add);
          long before = control.sequence();
          Actor allowed = new Actor("someone", command.requiredRole(), Surface.MCP);

          for (Role role : Role.values()) {
            if (!role.includes(command.requiredRole())) {
              Outcome<?> refused = control.apply(new Actor("weak", role, Surface.MCP), command);
              assertThat(refused).isInstanceOfSatisfying(Outcome.Refused.class,
                  r -> assertThat(r.reason()).isEqualTo(Refusal.FORBIDDEN));
            }
          }
          Outcome<?> preview = control.dryRun(allowed, command);
          assertThat(preview).as("dry run of %s", command).isInstanceOf(Outcome.Preview.class);
          assertThat(control.sequence()).isEqualTo(before);

          Outcome<?> outcome = control.apply(allowed, command);

          assertThat(outcome).as("%s", command).isInstanceOf(Outcome.Applied.class);
          ChangeEvent change = ((Outcome.Applied<?>) outcome).change();
          assertThat(change.sequence()).isEqualTo(before + 1);
          assertThat(change.actor()).isEqualTo("someone");
          assertThat(change.surface()).isEqualTo(Surface.MCP);
          assertThat(change.kind()).isEqualTo(command.kind());
          ChangeEvent previewed = ((Outcome.Preview<?>) preview).change();
          assertThat(previewed.revisionBefore()).isEqualTo(change.revisionBefore());
          assertThat(previewed.revisionAfter()).isEqualTo(change.revisionAfter());
          if (!(command instanceof Command.IssueKey)) {
            // An issued key gets a new random id each time; every other preview is exact.
            assertThat(previewed.objectId()).isEqualTo(change.objectId());
            assertThat(previewed.summary()).isEqualTo(change.summary());
          }
          assertThat(control.changes(ChangeQuery.latest(1))).containsExactly(change);
          assertThat(published).containsExactly(change);
        }));
  }
}
