"""The evidence kinds: a stable public vocabulary (renaming one needs an alias and a note).

Each kind names what its `value` holds. Collectors produce them; signals read them.
"""
from __future__ import annotations

EVIDENCE_KINDS: dict[str, str] = {
    # website collector -----------------------------------------------------------------------
    "page_fetched": "A website page was read. value: {status, final_url, title, lang, role} "
                    "(role: home, about, contact, press, careers, team, policy, webcare, community, "
                    "ambassador, sitemap, other).",
    "redirect": "A request was redirected to another host. value: {from, to}.",
    "account_link": "A link or reference to a social account on a page. value: {platform, handle, url, "
                    "location (footer/header/nav/jsonld/microdata/meta/rel_me/widget/body/script), "
                    "role (official/department/staff/other), shape (profile/follow_intent)}.",
    "policy_page": "A social media policy, guidelines, house rules or reply policy page. value: {title, lang}.",
    "webcare": "Webcare or social customer service is offered. value: {hours (text or null), "
               "channels (platforms named)}.",
    "social_role": "A social media, community or webcare role or vacancy. value: {title, vacancy (bool)}.",
    "community_platform": "A community forum, ideas or co-creation platform. value: {url, name}.",
    "ambassador_programme": "An ambassador, employee-advocacy or influencer programme. value: {title}.",
    "embedded_timeline": "A social timeline embedded on the site. value: {platform, handle}.",
    "share_buttons": "Share buttons (not profiles) on the site. value: {platforms}.",
    "stopped_platform": "The site says the organisation stopped using a platform. value: "
                        "{platform, moved_to (list of platforms)}.",
    "user": "A user's correction of discovery. value: {action (add/remove), platform, handle}.",
    "wikidata_account": "An account listed on the organisation's Wikidata item. value: {platform, "
                        "handle, property, item}.",
    # platform collectors ----------------------------------------------------------------------
    "profile": "A platform profile read. value: {name, description, followers, created_at, "
               "verified, url, posts_count}.",
    "posts_read": "One account's timeline as read: value is a PostsRead dict (analyzer.core.posts): "
                  "{platform, handle, source, posts [{id, created_at, is_reply_to_other, is_self_thread, "
                  "is_repost, reply_count, url}], history_complete, sample_cap, partial, replies_observed, "
                  "reposts_observed, account_created_at, followers, questions {sources, items [{id, "
                  "created_at, via, answered_at, answer_id, url}]}}. Activity is computed from it at as_of.",
    "activity": "Kept for scans stored before 2.0 (activity measured by the collector); no longer produced.",
    "post": "One post cited as an example (the latest, or a reply). value: {id, created_at, type}.",
    "mentions": "Kept for scans stored before 2.0 (X mentions read and answered); no longer produced.",
    "ownership_proof": "Proof that an account belongs to the organisation. value: {method "
                       "(rel_me/domain_handle/atproto_did/profile_link/wikidata), detail}.",
    "staff_account": "A person who names the organisation in their profile or is linked from a team "
                     "page. value: {platform, handle, name, source}.",
    "presence": "Whether a profile exists on a login-walled platform. value: {exists (true/false/null), "
                "why}.",
    "department_account": "An account of a department or region. value: {platform, handle, unit}.",
    "staff_read": "The staff accounts of a scan as read, aggregated (analyzer.core.staff): value {found, "
                  "cap, read, failed, not_read, accounts [{platform, covers_window, posts [{created_at, "
                  "about_org}]}]}: no handle, post id, URL or text, in no order that names anyone.",
}
