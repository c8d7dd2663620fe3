package dev.lifeline.sample;

import dev.lifeline.server.WebSocketSessions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small chat: every text message received on Lifeline's managed path is broadcast to
 * every open session. There is no {@code @EnableWebSocket}, no configurer and no
 * heartbeat code: Lifeline maps the {@link ChatHandler} bean and looks after its
 * sessions.
 *
 * @author Lifeline contributors
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SampleChatApplication {

	@Bean
	ChatHandler chatHandler(WebSocketSessions sessions, JsonMapper jsonMapper) {
		return new ChatHandler(sessions, jsonMapper);
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleChatApplication.class, args);
	}

}
