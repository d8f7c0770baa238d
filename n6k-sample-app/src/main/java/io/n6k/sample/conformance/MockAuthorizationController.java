package io.n6k.sample.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * HTTP side of the mock authorization server (protocol §9.6).
 */
@RestController
@Profile("conformance")
class MockAuthorizationController {

	private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

	private final MockAuthorizationServer server;

	MockAuthorizationController(MockAuthorizationServer server) {
		this.server = server;
	}

	@GetMapping("/.well-known/oauth-authorization-server")
	Map<String, Object> metadata(HttpServletRequest request) {
		String issuer = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString().replaceAll("/$", "");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", issuer);
		body.put("token_endpoint", issuer + "/oauth/token");
		body.put("device_authorization_endpoint", issuer + "/oauth/device");
		body.put("jwks_uri", issuer + "/jwks");
		body.put("grant_types_supported", List.of(TOKEN_EXCHANGE, DEVICE_CODE));
		return body;
	}

	@GetMapping("/jwks")
	Map<String, Object> jwks() {
		Map<String, Object> key = new LinkedHashMap<>();
		key.put("kty", "OKP");
		key.put("crv", "Ed25519");
		key.put("alg", "EdDSA");
		key.put("use", "sig");
		key.put("x", this.server.publicKey());
		return Map.of("keys", List.of(key));
	}

	@PostMapping("/oauth/device")
	Map<String, Object> device() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("device_code", MockAuthorizationServer.DEVICE_CODE);
		body.put("user_code", "WXYZ-1234");
		body.put("verification_uri", "/device");
		body.put("verification_uri_complete", "/device?user_code=WXYZ-1234");
		body.put("expires_in", 300);
		body.put("interval", 1);
		return body;
	}

	@PostMapping("/oauth/token")
	ResponseEntity<Map<String, Object>> token(
			@RequestParam(name = "grant_type", required = false) @Nullable String grant,
			@RequestParam(name = "subject_token", required = false) @Nullable String subjectToken,
			@RequestParam(required = false) @Nullable String resource,
			@RequestParam(name = "device_code", required = false) @Nullable String deviceCode) {
		if (TOKEN_EXCHANGE.equals(grant)) {
			if (!MockAuthorizationServer.SUBJECT_TOKEN.equals(subjectToken)) {
				return ResponseEntity.badRequest().body(Map.of("error", "invalid_grant"));
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token",
					this.server.issue((resource != null) ? resource : MockAuthorizationServer.AUDIENCE));
			body.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
			body.put("token_type", "Bearer");
			body.put("expires_in", 900);
			return ResponseEntity.ok(body);
		}
		if (DEVICE_CODE.equals(grant)) {
			if (deviceCode == null || !this.server.devicePoll(deviceCode)) {
				return ResponseEntity.badRequest().body(Map.of("error", "authorization_pending"));
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", MockAuthorizationServer.SUBJECT_TOKEN);
			body.put("token_type", "Bearer");
			body.put("expires_in", 604800);
			return ResponseEntity.ok(body);
		}
		return ResponseEntity.badRequest().body(Map.of("error", "unsupported_grant_type"));
	}

}
