/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.util.HtmlUtils;

/**
 * Spring's STOMP getting-started application ("Using WebSocket to build an interactive
 * web application"), unchanged but for the recorder of {@link SessionDisconnectEvent}s:
 * Lifeline is only on its classpath. It scans nothing; tests add what they need with
 * {@code @Import}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StompTestApplication {

	/**
	 * The endpoint of the guide.
	 */
	public static final String ENDPOINT = "/gs-guide-websocket";

	@Bean
	DisconnectEvents disconnectEvents() {
		return new DisconnectEvents();
	}

	/**
	 * The guide's broker configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

		@Override
		public void configureMessageBroker(MessageBrokerRegistry config) {
			config.enableSimpleBroker("/topic");
			config.setApplicationDestinationPrefixes("/app");
		}

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint(ENDPOINT);
		}

	}

	/**
	 * The guide's controller, registered as a member of the application.
	 */
	@Controller
	public static class GreetingController {

		@MessageMapping("/hello")
		@SendTo("/topic/greetings")
		public Greeting greeting(HelloMessage message) {
			return new Greeting("Hello, " + HtmlUtils.htmlEscape(message.name()) + "!");
		}

	}

	/**
	 * What a client sends.
	 *
	 * @param name who to greet
	 */
	public record HelloMessage(String name) {

	}

	/**
	 * What the subscribers receive.
	 *
	 * @param content the greeting
	 */
	public record Greeting(String content) {

	}

	/**
	 * Records Spring's {@link SessionDisconnectEvent}s.
	 */
	public static class DisconnectEvents {

		private final List<SessionDisconnectEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onDisconnect(SessionDisconnectEvent event) {
			this.events.add(event);
		}

		/**
		 * Return the events of one session.
		 * @param sessionId the session's id
		 * @return its events, in the order they came
		 */
		public List<SessionDisconnectEvent> of(String sessionId) {
			return this.events.stream().filter((event) -> event.getSessionId().equals(sessionId)).toList();
		}

		/**
		 * Return all events.
		 * @return the events
		 */
		public List<SessionDisconnectEvent> all() {
			return this.events;
		}

	}

}
