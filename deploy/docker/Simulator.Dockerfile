# The demo's stand-in chat platform (tests/Notifications.Simulator) as an image, for docker-compose.yml's `demo`
# profile: docker compose --profile demo run --rm simulator [demo --via envelope|bare|ingest].
# Simulator.Dockerfile.dockerignore beside this file replaces the root .dockerignore for this build (BuildKit): it
# lets tests/Notifications.Simulator into the context, and keeps bin/, obj/ and the rest of tests/ out.
FROM mcr.microsoft.com/dotnet/sdk:10.0.100 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY contracts/ contracts/
COPY services/ services/
COPY tests/Notifications.Simulator/ tests/Notifications.Simulator/
RUN dotnet publish tests/Notifications.Simulator/Notifications.Simulator.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
ENTRYPOINT ["dotnet", "Notifications.Simulator.dll"]
CMD ["demo"]
