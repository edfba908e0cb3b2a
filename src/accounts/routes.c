/* The accounts module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "accounts/accounts_int.h"

static const struct route routes[] = {
    { HTTP_POST, "/lang", language_switch_submit, ROUTE_PUBLIC },
    { HTTP_GET, "/login", login_page, ROUTE_PUBLIC },
    { HTTP_POST, "/login", login_submit, ROUTE_PUBLIC },
    { HTTP_POST, "/logout", logout_submit, ROUTE_PUBLIC },
    { HTTP_GET, "/password/forgot", password_forgot_page, ROUTE_PUBLIC },
    { HTTP_POST, "/password/forgot", password_forgot_submit, ROUTE_PUBLIC },
    { HTTP_GET, "/password/reset/:token", password_reset_page, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_POST, "/password/reset/:token", password_reset_submit, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_GET, "/invitations/:token", invitation_page, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_POST, "/invitations/:token", invitation_submit, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_GET, "/register", register_page, ROUTE_PUBLIC },
    { HTTP_POST, "/register", register_submit, ROUTE_PUBLIC },
    { HTTP_GET, "/register/verify/:token", register_verify_page, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_POST, "/register/verify/:token", register_verify_submit, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_GET, "/admin/registrations", registrations_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/registrations/:id/approve", registration_approve_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/registrations/:id/decline", registration_decline_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/registrations/:id/decline", registration_decline_submit,
      ROUTE_MANAGER },

    /* people; literal segments before :id */
    { HTTP_GET, "/admin/users", users_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users", user_create_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/users/new", user_new_page, ROUTE_MANAGER },
    { HTTP_GET, "/admin/users/invitations", users_invite_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/invitations", users_invite_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/users/import", user_import_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/import", user_import_upload, ROUTE_MANAGER | ROUTE_UPLOAD },
    { HTTP_GET, "/admin/users/import/:id", user_import_preview_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/import/:id", user_import_confirm, ROUTE_MANAGER },
    { HTTP_GET, "/admin/users/:id", user_show_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id", user_update_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id/roles", user_role_add_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id/roles/:rid/delete", user_role_delete_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/users/:id/suspend", user_suspend_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id/suspend", user_suspend_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id/activate", user_activate_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id/invitation", user_invite_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/users/:id/password", user_password_submit, ROUTE_ADMIN },

    /* one's own account */
    { HTTP_GET, "/account", account_page, ROUTE_USER },
    { HTTP_POST, "/account/password", account_password_submit, ROUTE_USER },
    { HTTP_POST, "/account/language", account_language_submit, ROUTE_USER },
    { HTTP_POST, "/account/facts", account_facts_submit, ROUTE_USER },

    /* API */
    { HTTP_GET, "/api/v1/me", api_me, ROUTE_USER | ROUTE_API },
    { HTTP_GET, "/api/v1/users", api_users_list, ROUTE_MANAGER | ROUTE_API },
    { HTTP_POST, "/api/v1/users", api_user_create, ROUTE_MANAGER | ROUTE_API },
    { HTTP_GET, "/api/v1/users/:id", api_user_get, ROUTE_MANAGER | ROUTE_API },
    { HTTP_PATCH, "/api/v1/users/:id", api_user_patch, ROUTE_MANAGER | ROUTE_API },
    { HTTP_POST, "/api/v1/users/:id/invitation", api_user_invitation, ROUTE_MANAGER | ROUTE_API },
};

const struct route_table accounts_routes = ROUTE_TABLE(routes);
