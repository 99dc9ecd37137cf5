package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.cli.AdminCli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpgate login} checks a token against a real server before saving it, saves it in a
 * file only the user can read, never prints it, and the commands then find the server and the
 * token without options; environment variables name a server too.
 */
class LoginTest {

  @TempDir Path dir;
  AdminCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = new AdminCli(dir);
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(cli.environment);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void aCheckedTokenIsSavedOwnerOnlyAndUsedWithoutOptions() throws Exception {
    Path logins = dir.resolve("home/logins.json");
    Run refused = cli.execute(env("MCPGATE_TOKEN", "mgo_nobody.nothing"), "login",
        "--admin-url", cli.adminUrl());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("refused (UNAUTHORIZED)").doesNotContain("nothing");
    assertThat(logins).doesNotExist();

    Run login = cli.execute(env("MCPGATE_TOKEN", cli.token), "login", "--admin-url",
        cli.adminUrl(), "--name", "prod");
    assertThat(login.code()).as(login.err()).isZero();
    assertThat(login.out()).contains("saved as prod").doesNotContain(cli.token);
    assertThat(Files.getPosixFilePermissions(logins))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(logins.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));

    Run listed = cli.execute(env(), "operators", "list", "--login", "prod");
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("ada");
    // The login saved for a URL supplies the token for that URL.
    assertThat(cli.execute(env("MCPGATE_ADMIN_URL", cli.adminUrl()), "operators", "list")
        .code()).isZero();

    Files.setPosixFilePermissions(logins, PosixFilePermissions.fromString("rw-r--r--"));
    Run readable = cli.execute(env(), "operators", "list", "--login", "prod");
    assertThat(readable.code()).isEqualTo(1);
    assertThat(readable.err()).contains("may be read by others").contains("chmod 600");

    Files.setPosixFilePermissions(logins, PosixFilePermissions.fromString("rw-------"));
    assertThat(cli.execute(env(), "logout", "--name", "prod").code()).isZero();
    assertThat(cli.execute(env(), "operators", "list", "--login", "prod").code()).isEqualTo(2);
  }

  @Test
  void theEnvironmentNamesTheServerAndTheToken() {
    Run run = cli.execute(env("MCPGATE_ADMIN_URL", cli.adminUrl() + "/api/v1/",
        "MCPGATE_TOKEN", cli.token), "clients", "create", "acme", "--output", "json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.json().at("/change/surface").asString()).isEqualTo("API");
    assertThat(run.json().at("/change/actor").asString()).isEqualTo("ada");
  }

  @Test
  void withoutATokenTheServerRefusesAndTheCliSaysHowToGiveOne() {
    Run run = cli.execute(env(), "clients", "list", "--admin-url", cli.adminUrl());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("mcpgate: refused (UNAUTHORIZED): ")
        .contains("pass --token, set MCPGATE_TOKEN or run mcpgate login");
  }

  @Test
  void aViewerMayReadButNotChange() {
    String viewer = cli.store("operators", "create", "vic", "--role", "viewer", "--output",
        "json").json().at("/result/token").asString();
    Map<String, String> env = env("MCPGATE_TOKEN", viewer, "MCPGATE_ADMIN_URL", cli.adminUrl());
    assertThat(cli.execute(env, "clients", "list").code()).isZero();
    Run refused = cli.execute(env, "clients", "create", "acme");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).startsWith("mcpgate: refused (FORBIDDEN): ");
    assertThat(cli.store("clients", "list").out()).contains("no clients");
  }

  @Test
  void aBadAdminUrlIsAUsageError() {
    for (String url : new String[] {"ftp://host/admin", "http://user:pw@127.0.0.1/admin",
        "not a url"}) {
      Run run = cli.execute(env(), "clients", "list", "--admin-url", url);
      assertThat(run.code()).as(url).isEqualTo(2);
      assertThat(run.err()).doesNotContain("pw@");
    }
  }
}
