package example.restaurant.api.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROBLEM_JSON = "application/problem+json";
  static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

  @Bean
  OpenAPI restaurantOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Restaurant floor service")
            .version("1")
            .description("Reservations, drinks orders and payments as event-sourced streams. Every error is"
                + " application/problem+json with a type of https://restaurant.example/problems/<code>."));
  }

  /**
   * The answers every operation of the API can give whatever its own rules, so that the document lists every status
   * a client can receive: 406 (an Accept header without application/json: every controller produces only JSON), 500
   * (an unexpected failure, logged under the problem's instance) and 503 (the database does not answer, or a command
   * gave up under contention, or a read model is behind a Consistency-Token), each with a Problem body.
   */
  @Bean
  OpenApiCustomizer commonProblemResponses() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> {
        if (!path.startsWith("/api/")) {
          return;
        }
        item.readOperations().forEach(operation -> {
          ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
          responses.putIfAbsent("406", problem("not-acceptable: the Accept header does not allow application/json"));
          responses.putIfAbsent("500",
              problem("internal-error: an unexpected failure; the instance names the log line that explains it"));
          ApiResponse unavailable = responses.computeIfAbsent("503", code -> problem(
              "service-unavailable: the database does not answer; retry after Retry-After"));
          if (!unavailable.getDescription().contains("database")) {
            unavailable.setDescription(unavailable.getDescription()
                + "; service-unavailable: the database does not answer; retry after Retry-After");
          }
          if (unavailable.getHeaders() == null || !unavailable.getHeaders().containsKey("Retry-After")) {
            unavailable.addHeaderObject("Retry-After",
                new Header().description("seconds to wait before trying again").schema(new IntegerSchema()));
          }
          operation.setResponses(sorted(responses));
        });
      });
    };
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
  }

  private static ApiResponses sorted(ApiResponses responses) {
    ApiResponses sorted = new ApiResponses();
    new TreeMap<>(responses).forEach(sorted::addApiResponse);
    if (responses.getExtensions() != null) {
      responses.getExtensions().forEach(sorted::addExtension);
    }
    return sorted;
  }
}
