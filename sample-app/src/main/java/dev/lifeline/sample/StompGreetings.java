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

package dev.lifeline.sample;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * A STOMP endpoint beside the chat, as Spring's getting-started guide writes it: a client
 * at {@code /stomp} sends its name to {@code /app/hello} and every subscriber of
 * {@code /topic/greetings} is greeted. Nothing here is Lifeline's, yet its sessions are
 * Lifeline sessions: pinged, capped, listed in {@code /actuator/websocket} with their
 * STOMP user and subscriptions, and counted with the endpoint tag {@code /stomp}.
 *
 * @author Lifeline contributors
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompGreetings implements WebSocketMessageBrokerConfigurer {

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic");
		registry.setApplicationDestinationPrefixes("/app");
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/stomp");
	}

	@Controller
	static class GreetingController {

		@MessageMapping("/hello")
		@SendTo("/topic/greetings")
		String greeting(String name) {
			return "Hello, " + name + "!";
		}

	}

}
