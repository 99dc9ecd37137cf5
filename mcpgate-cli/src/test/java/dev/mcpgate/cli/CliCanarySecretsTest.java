package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.cli.AdminCli.Run;
import dev.mcpgate.core.identity.ClientRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No CLI output, log line or change event contains a secret: canaries planted behind every
 * binding kind's references (files and environment variables the server reads), pasted as a
 * reference by mistake, issued as client keys and operator tokens, and used as the CLI's own
 * token, while every control-plane command runs both over the admin API and on the store. An
 * issued key or token appears once, in the output of the run that issued it; nothing else.
 */
class CliCanarySecretsTest {

  @TempDir Path dir;

  private static String canary() {
    return "CANARY" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void noOutputLogLineOrChangeEventContainsASecret() throws Exception {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    List<String> secrets = new ArrayList<>();
    Map<String, Run> issuedIn = new HashMap<>();
    AdminCli cli = null;
    try {
      cli = new AdminCli(dir);
      secrets.add(cli.token);
      issuedIn.put(cli.token, cli.runs.get(0));
      drive(cli, secrets, issuedIn);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      if (cli != null) {
        cli.close();
      }
    }

    List<String> texts = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    int lines = 0;
    for (Run run : cli.runs) {
      // What the user typed is not searched (a pasted secret is on the command line): what
      // the CLI printed is.
      String text = run.out() + "\n" + run.err();
      lines += text.split("\n", -1).length;
      for (String secret : secrets) {
        boolean allowed = issuedIn.get(secret) == run;
        if (!allowed && text.contains(secret)) {
          leaks.add(secret.substring(0, 10) + "... in " + run.args());
        }
      }
    }
    texts.add(logs.toString(StandardCharsets.UTF_8));
    texts.add(cli.startup.toString());
    for (String text : texts) {
      lines += text.split("\n", -1).length;
      for (String secret : secrets) {
        if (text.contains(secret)) {
          leaks.add(secret.substring(0, 10) + "... in the logs");
        }
      }
    }
    stdout.printf("canary secrets: %d; CLI runs searched: %d; lines searched: %d;"
        + " occurrences outside the run that issued them: %d%n", secrets.size(), cli.runs.size(),
        lines, leaks.size());
    assertThat(secrets).hasSizeGreaterThan(2 * AuthKind.values().length * 3);
    assertThat(leaks).isEmpty();
  }

  private void drive(AdminCli cli, List<String> secrets, Map<String, Run> issuedIn)
      throws Exception {
    Path vault = Files.createDirectories(dir.resolve("vault"));
    Map<String, BiFunction<AdminCli, String[], Run>> modes = Map.of(
        "api", AdminCli::api, "store", AdminCli::store);
    for (Map.Entry<String, BiFunction<AdminCli, String[], Run>> mode : modes.entrySet()) {
      BiFunction<AdminCli, String[], Run> run = mode.getValue();
      String m = mode.getKey();

      // Every binding kind, its references pointing at planted secrets; rotated; pasted.
      for (AuthKind kind : AuthKind.values()) {
        String name = kind.wireName().toLowerCase(Locale.ROOT);
        String planted = canary();
        String next = canary();
        String environment = canary();
        secrets.addAll(List.of(planted, next, environment));
        Path file = vault.resolve(m + "-" + name);
        Files.writeString(file, planted);
        Files.writeString(vault.resolve(m + "-" + name + ".next"), next);
        cli.environment.put("MCPGATE_" + kind.name() + "_" + m.toUpperCase(Locale.ROOT),
            environment);
        String id = m + "-" + name;
        ok(run.apply(cli, args("bindings", "put", id, "--kind", kind.wireName(), "--secret-ref",
            "file:" + file, "--profile-ref", "sandbox=env:MCPGATE_" + kind.name() + "_"
                + m.toUpperCase(Locale.ROOT), "--setting", "header=X-Key")));
        run.apply(cli, args("bindings", "rotate", id, "--secret-ref", "file:" + file + ".next",
            "--dry-run"));
        ok(run.apply(cli, args("bindings", "rotate", id, "--secret-ref",
            "file:" + file + ".next")));
        run.apply(cli, args("bindings", "show", id, "--output", "json"));
      }
      for (String pasted : List.of("sk_live_" + canary(), "ghp_" + canary(), canary())) {
        secrets.add(pasted);
        Run refused = run.apply(cli, args("bindings", "put", m + "-pasted", "--kind", "bearer",
            "--secret-ref", pasted));
        assertThat(refused.code()).isEqualTo(2);
        run.apply(cli, args("bindings", "put", m + "-pasted", "--kind", "bearer",
            "--secret-ref", "env:X", "--profile-ref", "sandbox=" + pasted, "--output", "json"));
        run.apply(cli, args("bindings", "rotate", m + "-none", "--secret-ref", pasted));
      }
      run.apply(cli, args("bindings", "list"));
      run.apply(cli, args("bindings", "list", "--output", "json"));
      run.apply(cli, args("bindings", "delete", m + "-none", "--dry-run"));
      ok(run.apply(cli, args("bindings", "delete", m + "-none")));

      // Sources through their workflow.
      String source = m + "-pets";
      ok(run.apply(cli, args("sources", "import", source, dir.resolve("pets-v1.yaml").toString())));
      run.apply(cli, args("sources", "import", source, dir.resolve("pets-v2.yaml").toString(),
          "--dry-run"));
      ok(run.apply(cli, args("sources", "import", source,
          dir.resolve("pets-v2.yaml").toString())));
      for (String[] read : List.of(args("sources", "list"), args("sources", "show", source),
          args("sources", "revisions", source), args("sources", "revision", source),
          args("sources", "review", source), args("sources", "diff", source))) {
        run.apply(cli, read);
      }
      ok(run.apply(cli, args("sources", "update", source, "--title", "Pets")));
      ok(run.apply(cli, args("sources", "approve", source, "--revision", "1")));
      ok(run.apply(cli, args("sources", "reject", source, "--revision", "2", "--note", "no")));
      ok(run.apply(cli, args("sources", "publish", source, "--env", "production", "--revision",
          "1")));
      ok(run.apply(cli, args("sources", "select", source, "listPets")));
      run.apply(cli, args("sources", "selection", source, "--output", "json"));
      run.apply(cli, args("sources", "unselect", source, "--dry-run"));
      ok(run.apply(cli, args("sources", "unselect", source)));
      run.apply(cli, args("catalog", "--env", "production", "--output", "json"));
      ok(run.apply(cli, args("policy", "put", m + "-r1", "--effect", "allow", "--client",
          "acme")));
      run.apply(cli, args("policy", "list"));
      run.apply(cli, args("policy", "show", m + "-r1"));
      run.apply(cli, args("policy", "evaluate", "--env", "production", "--client", "acme",
          "--tool", "listPets", "--output", "json"));
      ok(run.apply(cli, args("policy", "delete", m + "-r1")));
      ok(run.apply(cli, args("limits", "put", m + "-l1", "--scope", "tool", "--target",
          "listPets", "--capacity", "5", "--period", "PT1S")));
      run.apply(cli, args("limits", "list"));
      run.apply(cli, args("limits", "show", m + "-l1"));
      ok(run.apply(cli, args("limits", "delete", m + "-l1")));
      ok(run.apply(cli, args("sources", "withdraw", source, "--env", "production")));

      // Clients, profiles, keys: each issued key is a secret.
      String client = m + "-acme";
      ok(run.apply(cli, args("clients", "create", client)));
      ok(run.apply(cli, args("clients", "add-profile", client, "sandbox")));
      Run issued = run.apply(cli, args("clients", "issue-key", client, "sandbox", "--output",
          "json"));
      ok(issued);
      String key = issued.json().at("/result/secret").asString();
      String keyId = issued.json().at("/result/key/meta/id").asString();
      secrets.add(key);
      issuedIn.put(key, issued);
      run.apply(cli, args("clients", "key", keyId));
      // A key made elsewhere: registered by its hash; neither it nor its hash is printed.
      String outside = ClientRegistry.generateKey();
      String outsideHash = HexFormat.of().formatHex(ClientRegistry.hashKey(outside));
      secrets.addAll(List.of(outside, outsideHash));
      String outsideId = ClientRegistry.keyIdOf(outside);
      run.apply(cli, args("clients", "register-key", client, "sandbox", "--key-id", outsideId,
          "--sha256", outside));
      run.apply(cli, args("clients", "register-key", client, "sandbox", "--key-id", outsideId,
          "--sha256", outsideHash, "--dry-run", "--output", "json"));
      ok(run.apply(cli, args("clients", "register-key", client, "sandbox", "--key-id",
          outsideId, "--sha256", outsideHash, "--output", "json")));
      ok(run.apply(cli, args("clients", "update", client, "--name", "Acme", "--scope", "a")));
      Run rotated = run.apply(cli, args("clients", "rotate-key", keyId));
      ok(rotated);
      String rotatedKey = rotated.out().replaceAll("(?s).*(mgk_\\S+).*", "$1");
      secrets.add(rotatedKey);
      issuedIn.put(rotatedKey, rotated);
      for (String[] read : List.of(args("clients", "list"), args("clients", "show", client),
          args("clients", "profiles", client), args("clients", "keys", client, "--output",
              "json"))) {
        run.apply(cli, read);
      }
      String newKeyId = rotatedKey.split("_")[1];
      ok(run.apply(cli, args("clients", "revoke-key", newKeyId)));
      ok(run.apply(cli, args("clients", "revoke-profile", client, "sandbox")));
      ok(run.apply(cli, args("clients", "revoke", client)));

      // Operators: one issued token per mode.
      Run operator = run.apply(cli, args("operators", "create", m + "-otto", "--role",
          "viewer"));
      ok(operator);
      String token = operator.out().replaceAll("(?s).*(mgo_\\S+).*", "$1");
      secrets.add(token);
      issuedIn.put(token, operator);
      run.apply(cli, args("operators", "list"));
      run.apply(cli, args("operators", "show", m + "-otto"));
      run.apply(cli, args("operators", "roles"));
      ok(run.apply(cli, args("operators", "revoke", m + "-otto")));

      // The logs, health, the contract, and refusals.
      run.apply(cli, args("changes", "--limit", "1000", "--output", "json"));
      run.apply(cli, args("changes", "--limit", "1000"));
      run.apply(cli, args("audit"));
      run.apply(cli, args("health"));
      run.apply(cli, args("health", "--ready"));
      run.apply(cli, args("openapi"));
      run.apply(cli, args("clients", "revoke", "nobody"));
      run.apply(cli, args("bindings", "rotate", m + "-bearer", "--secret-ref", "env:Y",
          "--if-match", "1"));
    }

    // The CLI's own token: on the command line, in the environment, saved by login.
    Map<String, String> env = new HashMap<>(cli.environment);
    ok(cli.execute(env, "operators", "list", "--admin-url", cli.adminUrl(), "--token",
        cli.token));
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("MCPGATE_TOKEN", cli.token);
    ok(cli.execute(withToken, "login", "--admin-url", cli.adminUrl()));
    assertThat(Files.getPosixFilePermissions(dir.resolve("home/logins.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    ok(cli.execute(env, "operators", "list"));
    ok(cli.execute(env, "logout"));
    String wrong = canary();
    secrets.add(wrong);
    Run refused = cli.execute(env, "operators", "list", "--admin-url", cli.adminUrl(),
        "--token", "mgo_" + wrong);
    assertThat(refused.code()).isEqualTo(1);
  }

  private static String[] args(String... args) {
    return args;
  }

  private static void ok(Run run) {
    assertThat(run.code()).as(run.args() + "\n" + run.err() + run.out()).isZero();
  }
}
