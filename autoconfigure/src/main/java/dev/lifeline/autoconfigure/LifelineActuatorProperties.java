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

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for Lifeline's actuator endpoint. Kept apart from
 * {@link LifelineProperties} so that the core never references actuator classes.
 *
 * @author Lifeline contributors
 */
@ConfigurationProperties("lifeline.actuator")
public class LifelineActuatorProperties {

	/**
	 * Number of abnormal closes the websocket endpoint remembers.
	 */
	private int recentCloses = 50;

	/**
	 * When to show remote addresses and principal names in the websocket endpoint.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to see remote addresses and
	 * principal names. When empty, all authenticated users are authorized.
	 */
	private Set<String> roles = new HashSet<>();

	public int getRecentCloses() {
		return this.recentCloses;
	}

	public void setRecentCloses(int recentCloses) {
		this.recentCloses = recentCloses;
	}

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
