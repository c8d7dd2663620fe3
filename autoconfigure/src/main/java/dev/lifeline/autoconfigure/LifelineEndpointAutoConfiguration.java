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

package dev.lifeline.autoconfigure;

import dev.lifeline.actuate.endpoint.RecentCloses;
import dev.lifeline.actuate.endpoint.SessionDetails;
import dev.lifeline.actuate.endpoint.WebSocketEndpoint;
import dev.lifeline.actuate.endpoint.WebSocketEndpointWebExtension;
import dev.lifeline.cluster.LifelineCluster;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.SessionRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link WebSocketEndpoint} and its web extension.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(WebSocketEndpoint.class)
@ConditionalOnBean(SessionRegistry.class)
@EnableConfigurationProperties(LifelineActuatorProperties.class)
public final class LifelineEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RecentCloses recentCloses(LifelineActuatorProperties properties) {
		if (properties.getRecentCloses() < 0) {
			throw new InvalidConfigurationPropertyValueException("lifeline.actuator.recent-closes",
					properties.getRecentCloses(), "The value must be zero or greater, for example '50'.");
		}
		return new RecentCloses(properties.getRecentCloses());
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketEndpoint webSocketEndpoint(SessionRegistry sessions, ObjectProvider<HeartbeatService> heartbeat,
			RecentCloses recentCloses, ObjectProvider<LifelineProperties> lifelineProperties,
			LifelineActuatorProperties properties, ObjectProvider<LifelineCluster> cluster,
			ObjectProvider<SessionDetails> sessionDetails) {
		String path = lifelineProperties.getIfAvailable(LifelineProperties::new).getPath();
		WebSocketEndpoint endpoint = new WebSocketEndpoint(sessions, heartbeat.getIfAvailable(), recentCloses, path,
				properties.getShowValues(), properties.getRoles(), cluster.getIfAvailable());
		endpoint.setSessionDetails(sessionDetails.getIfUnique());
		return endpoint;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(WebSocketEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	WebSocketEndpointWebExtension webSocketEndpointWebExtension(WebSocketEndpoint endpoint) {
		return new WebSocketEndpointWebExtension(endpoint);
	}

}
