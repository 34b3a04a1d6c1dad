package example.restaurant.api.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI restaurantOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Restaurant floor service")
            .version("1")
            .description("Reservations, drinks orders and payments as event-sourced streams. Every error is"
                + " application/problem+json with a type of https://restaurant.example/problems/<code>."));
  }
}
