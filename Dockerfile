# Packages the jar built by './mvnw -DskipTests package'; the build itself stays on the host's Maven cache.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 restaurant
WORKDIR /app
COPY restaurant-api/target/restaurant-api-*-exec.jar /app/restaurant.jar
USER restaurant
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/restaurant.jar"]
