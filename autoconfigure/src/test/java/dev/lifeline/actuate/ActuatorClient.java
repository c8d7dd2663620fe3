package dev.lifeline.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

import org.springframework.core.env.Environment;

/**
 * A minimal HTTP client for the actuator endpoints of a running test application,
 * imported as a bean by {@link LifelineActuatorTest @LifelineActuatorTest}.
 */
public final class ActuatorClient {

	private static final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Environment environment;

	public ActuatorClient(Environment environment) {
		this.environment = environment;
	}

	public Response get(String path) {
		return send(request(path).GET().build());
	}

	public Response delete(String path) {
		return send(request(path).DELETE().build());
	}

	/**
	 * Return the status of the {@code websocket} health contributor.
	 */
	public String healthStatus() {
		return get("/actuator/health").read("$.components.websocket.status");
	}

	private HttpRequest.Builder request(String path) {
		String port = this.environment.getRequiredProperty("local.server.port");
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP response.
	 */
	public record Response(int status, String body) {

		public <T> T read(String jsonPath) {
			return JsonPath.read(this.body, jsonPath);
		}

	}

}
