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

import dev.lifeline.autoconfigure.ManagedEndpointCustomizer;
import dev.lifeline.server.WebSocketSessions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small chat with rooms and direct messages: see {@link ChatHandler} for what it sends.
 * There is no {@code @EnableWebSocket}, no configurer and no heartbeat code: Lifeline
 * maps the {@link ChatHandler} bean and looks after its sessions. A
 * {@link ManagedEndpointCustomizer} gives the endpoint the sample's
 * {@link DisplayNameHandshakeHandler}, so that a page's display name becomes its
 * session's user; a real application would rely on Spring Security instead.
 *
 * @author Lifeline contributors
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SampleChatApplication {

	@Bean
	ChatHandler chatHandler(WebSocketSessions sessions, JsonMapper jsonMapper) {
		return new ChatHandler(sessions, jsonMapper);
	}

	@Bean
	ManagedEndpointCustomizer displayNames() {
		return (registration) -> registration
			.setHandshakeHandler(new DisplayNameHandshakeHandler(registration.getRequestUpgradeStrategy()));
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleChatApplication.class, args);
	}

}
