package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.openapi.CredentialRule.Verdict;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule on parameters taken from real descriptions of the APIs.guru directory: location,
 * name and description, and what it must say of each.
 */
class CredentialRuleTest {

  private static Verdict judge(String in, String name, @Nullable String description) {
    return CredentialRule.judge(Location.valueOf(in.toUpperCase(java.util.Locale.ROOT)), name,
        description == null || description.isEmpty() ? null : description, "string");
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "header | apiKey               | The API key.                                             | apiKey",
      "query  | key                  | API key. Your API key identifies your project.           | apiKey",
      "query  | access_token         | OAuth access token.                                      | oauth2",
      "query  | oauth_token          | OAuth 2.0 token for the current user.                    | oauth2",
      "header | Authorization        |                                                          | bearer",
      "header | Proxy-Authorization  |                                                          | apiKey",
      "header | X-Auth-Token         |                                                          | apiKey",
      "header | x-listenapi-key      | Get API Key on listennotes.com/api                       | apiKey",
      "query  | token                | Authentication token. Requires scope: `admin.apps:read`  | apiKey",
      "header | X-Amz-Security-Token |                                                          | apiKey",
      "cookie | JSESSIONID           |                                                          | apiKey",
      "header | x-access-token       | This header is used to send data that contains your OpenUV API key | apiKey",
      "query  | password             | The password of the album.                               | apiKey",
      "query  | vestorly_auth        | Authenication token                                      | apiKey",
      "query  | _password            | DEPRECATED: For improved security, specify the password in the request header rather than as a query parameter. | apiKey",
      "query  | key                  | Security key to access snapshots.                        | apiKey",
  })
  void credentialsAreHiddenAsTheirKind(String in, String name, @Nullable String description, String kind) {
    Verdict verdict = judge(in, name, description);

    assertThat(verdict).isInstanceOf(Verdict.Credential.class);
    AuthRequirement requirement = ((Verdict.Credential) verdict).requirement();
    assertThat(requirement.kind()).isEqualTo(AuthKind.fromWireName(kind));
    assertThat(requirement.origin()).isEqualTo(AuthRequirement.Origin.INFERRED);
    assertThat(((Verdict.Credential) verdict).certain()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "path   | authorization        |                                                          ",
      "path   | key                  | The access token to delete.                              ",
      "query  | token                | The token to be introspected.                            ",
      "query  | access_token         | The access token to revoke.                              ",
      "query  | key                  | The key of the object in the bucket.                     ",
      "query  | key                  | A key for identifying the cache.                         ",
      "query  | search_key           | Key to search for.                                       ",
      "query  | pageToken            | Page token for shared drives.                            ",
      "query  | token                | Lock token                                               ",
      "query  | token                | Used to get the next set of results if `maxResults` is specified. ",
      "query  | secret               | Filter on the secret token.                              ",
      "query  | sessionId            | The session id.                                          ",
      "query  | userKey              | The user's primary email address, alias email address, or unique user ID. ",
      "query  | signature            | The signature of your request payload, generated using your secret key. ",
      "query  | afterDate            | Optional. Include only data for authorization codes created after a provided date. ",
      "query  | keyType              | The type of credential to return with the service account. ",
      "header | Idempotency-Key      |                                                          ",
      "query  | authTokenUpdateStrategy | Specifies the strategy to use to update the AUTH token. ",
      "query  | subscription_key     | filter only subscriptions matching key                  ",
      "query  | nextToken            | The API token.                                           ",
      "query  | next_token           | The next_token value returned from a previous request.   ",
      "query  | continuationToken    | Token for the next page of results.                      ",
      "query  | cursor               |                                                          ",
      "query  | NextMarker           |                                                          ",
      "query  | key                  | This parameter is no longer available. See the [deprecation notice](https://developer.atlassian.com/cloud/jira/platform/deprecation-notice-user-privacy-api-migration-guide/) for details. ",
      "query  | userKey              | This parameter is no longer available and will be removed from the documentation soon. ",
      "query  | app_key              | compromised app key                                      ",
      "query  | auth_key             | auth key to mark as compromised                          ",
      "query  | key                  | Any valid Stromkonto account (address).                  ",
  })
  void lookAlikesStayInputs(String in, String name, @Nullable String description) {
    assertThat(judge(in, name, description))
        .isNotInstanceOf(Verdict.Credential.class);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "query | token |",
      "query | key   | key",
  })
  void whereTheRuleCannotTellItHidesAndSaysSo(String in, String name,
      @Nullable String description) {
    Verdict verdict = judge(in, name, description);

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Credential.class, credential -> {
      assertThat(credential.certain()).isFalse();
      assertThat(credential.reason()).contains("the rule cannot tell");
    });
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "GET /cart.meta_data.list.json  | Key ",
      "GET /metafields/               | key ",
  })
  void aKeyOfAnOperationOnMetadataIsTheEntrysKey(String operation, String description) {
    assertThat(CredentialRule.judge(Location.QUERY, "key", description, "string", operation))
        .isInstanceOf(Verdict.LookAlike.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "GET /VisualCrossingWebServices/rest/services/timeline/{location} |                  | false",
      "GET /metadata/dimensions | API key. Your API key identifies your project and provides you with API access. | true",
  })
  void elsewhereTheOperationDoesNotSettleAKey(String operation, @Nullable String description,
      boolean certain) {
    assertThat(CredentialRule.judge(Location.QUERY, "key", description, "string", operation))
        .isInstanceOfSatisfying(Verdict.Credential.class,
            credential -> assertThat(credential.certain()).isEqualTo(certain));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"boolean", "integer", "array"})
  void aParameterThatIsNotAStringIsNeverACredential(String type) {
    assertThat(CredentialRule.judge(Location.QUERY, "api_key", "Your API key", type))
        .isInstanceOf(Verdict.LookAlike.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"fields", "limit", "theme"})
  void ordinaryParametersAreInputs(String name) {
    assertThat(CredentialRule.judge(Location.QUERY, name, "How many to return.", "string"))
        .isInstanceOf(Verdict.Input.class);
  }
}
