package io.n6k.access;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Parameters are found only outside literals, identifiers and comments; predicates that
 * could hide a parameter or carry a second statement are refused; a principal's view
 * denies what it cannot bind.
 */
class PolicyPredicatesTests {

	@Test
	void parametersAreFoundOutsideLiteralsIdentifiersAndComments() {
		assertThat(PolicyPredicates.parameters(
				"tenant_id = $Tenant AND note <> '$not' AND \"$col\" = 1 -- $comment\n OR owner = $principal /* $x */"))
			.containsExactly("tenant", "principal");
		assertThat(PolicyPredicates.rewrite("a = $t AND b = '$t' AND c$d = $t", (name) -> "V(" + name + ")"))
			.isEqualTo("a = V(t) AND b = '$t' AND c$d = V(t)");
	}

	@Test
	void predicatesThatCouldHideAParameterOrAStatementAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PolicyPredicates.validate("a = 1; DROP TABLE t"))
			.withMessageContaining("one expression");
		assertThatIllegalArgumentException().isThrownBy(() -> PolicyPredicates.validate("a = $$x$$"))
			.withMessageContaining("dollar-quoted");
		assertThatIllegalArgumentException().isThrownBy(() -> PolicyPredicates.validate("a = $tag$x$tag$"))
			.withMessageContaining("dollar-quoted");
		assertThatIllegalArgumentException().isThrownBy(() -> PolicyPredicates.validate("a = $1"))
			.withMessageContaining("positional");
		assertThatIllegalArgumentException().isThrownBy(() -> PolicyPredicates.validate("a = ?"))
			.withMessageContaining("positional");
		assertThatIllegalArgumentException().isThrownBy(() -> PolicyPredicates.validate("a = 'open"))
			.withMessageContaining("unterminated");
	}

	@Test
	void grantsAreShorthandPolicies() {
		assertThat(new TablePolicy(" TRUE ", null, null, null, null)).isEqualTo(TablePolicy.READ);
		assertThat(TablePolicy.READ.asPermission()).isEqualTo(Permission.READ);
		assertThat(TablePolicy.READWRITE.asPermission()).isEqualTo(Permission.READWRITE);
		TablePolicy tenant = new TablePolicy("t = $tenant", null, "t = $tenant", null, null);
		assertThat(tenant.updateCheck()).isEqualTo("t = $tenant");
		assertThat(tenant.asPermission()).isNull();
		assertThat(tenant.filtersRows()).isTrue();
		assertThat(new TablePolicy("true", "true", null, null, null).filtersRows()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new TablePolicy(null, null, null, "x > 0", null));
	}

	@Test
	void aPrincipalsViewDeniesWhatItCannotBind() {
		TableRef orders = new TableRef("main", "orders");
		CatalogAccess access = CatalogAccess.listed("shop", false,
				Map.of(orders, new TablePolicy("tenant_id = $tenant", null, null, null, null)), Map.of(),
				RowPolicyProvider.CONFIGURED, (principal) -> principal.getName().equals("alice") ? Map.of("tenant", 1)
						: java.util.Collections.singletonMap("tenant", null));
		Principal alice = () -> "alice";
		assertThat(access.forPrincipal(alice).requireParameters(orders, PolicyVerb.SELECT, "tenant_id = $tenant"))
			.isEqualTo(Map.of("tenant", 1));
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> access.forPrincipal(() -> "bob")
				.requireParameters(orders, PolicyVerb.SELECT, "tenant_id = $tenant"))
			.withMessage("n6k: the select policy of main.orders needs $tenant, which principal \"bob\" does not have");
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(
					() -> access.forPrincipal(null).requireParameters(orders, PolicyVerb.SELECT, "owner = $principal"))
			.withMessageContaining("which an anonymous session does not have");
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> access.forPrincipal(alice).requireVerb(orders, PolicyVerb.DELETE))
			.withMessage("n6k: DELETE on table \"main.orders\" is not allowed (no delete policy)");
		assertThat(access.forPrincipal(alice).policies()).containsOnlyKeys(orders);
		assertThat(List.copyOf(access.forPrincipal(alice).parameters().keySet())).containsExactly("principal",
				"tenant");
	}

	@Test
	void aReadOnlyCatalogDropsTheWritesOfEveryPolicy() {
		TableRef orders = new TableRef("main", "orders");
		CatalogAccess access = CatalogAccess.listed("shop", true,
				Map.of(orders, new TablePolicy("a = 1", "a = 1", "a = 1", null, "a = 1")), Map.of(),
				RowPolicyProvider.CONFIGURED, null);
		assertThat(access.forPrincipal(() -> "x").policy(orders))
			.contains(new TablePolicy("a = 1", null, null, null, null));
	}

}
