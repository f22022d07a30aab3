"""Deterministic generator of realistic, valid cjmap journey files for benchmarks.

Standard library only. Every journey it writes follows the format (FORMAT.md) and is
meant to be clean: no structure errors and no quality findings, so that a benchmark
measures the normal case (a repository of well-kept journeys).

    journey_text(seed, stages=6) -> str     one journey as YAML text
    journey_text(seed, ..., blueprint=True)  the same journey with a service blueprint: step
                                            durations, waits and moments of truth, and the
                                            evidence, frontstage, backstage and support lanes
    write_corpus(directory, count=1000, stages=6, big_stages=500) -> list[Path]
    write_corpus(directory, ..., catalogs=True)   the same journeys as a workspace: they
                                            share two catalogs and link in a chain
    scaled_journey_text(touchpoints) -> str  one journey whose every list grows with the size
    nested_text(depth) -> str               a small file nested `depth` levels deep

Run as a script to write a corpus and print its size::

    python bench/corpus.py OUTDIR [--count N] [--stages N] [--big-stages N] [--catalogs]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import re
import textwrap
from pathlib import Path

__all__ = ["CATALOG_PATHS", "PHASES", "catalog_texts", "journey_text", "nested_text", "scaled_journey_text",
           "write_corpus"]

PHASES = (
    "awareness",
    "consideration",
    "decision",
    "purchase",
    "post-purchase",
    "loyalty",
    "advocacy",
)
OFFLINE_CHANNELS = {"phone", "store", "event", "mail", "partner"}

# --------------------------------------------------------------------------- domains
# Each domain: brand names, products, the "thing" a customer sets up or receives, and
# a word for the place where the service is used.
DOMAINS = [
    {
        "key": "telecom",
        "brands": ["Nubo Telecom", "Fibrix", "Onda Connect", "Brightline Mobile"],
        "products": ["fibre broadband", "5G mobile plan", "home internet bundle", "prepaid SIM"],
        "thing": "router",
        "delivery": "installation",
        "account": "customer area",
    },
    {
        "key": "banking",
        "brands": ["Caixa Nova", "Northbank", "Lumen Bank", "Riverside Credit Union"],
        "products": ["current account", "fixed-rate mortgage", "personal loan", "business credit card"],
        "thing": "debit card",
        "delivery": "account opening",
        "account": "online banking",
    },
    {
        "key": "retail",
        "brands": ["Casa Verde", "Trailhead Outdoors", "Pixel & Co", "Maison Lune"],
        "products": ["running shoes", "modular sofa", "espresso machine", "winter jacket"],
        "thing": "parcel",
        "delivery": "home delivery",
        "account": "shop account",
    },
    {
        "key": "insurance",
        "brands": ["Safeharbour Insurance", "Mutua Sol", "Keystone Cover", "Alba Seguros"],
        "products": ["home insurance", "car insurance", "travel cover", "pet insurance"],
        "thing": "policy document",
        "delivery": "policy activation",
        "account": "policy portal",
    },
    {
        "key": "saas",
        "brands": ["Ledgerly", "Taskfold", "Cloudmint", "Quillbase"],
        "products": ["invoicing software", "project planning tool", "team chat workspace", "CRM subscription"],
        "thing": "workspace",
        "delivery": "onboarding",
        "account": "admin console",
    },
    {
        "key": "travel",
        "brands": ["Rumbo Viajes", "Skylark Holidays", "Portolan Travel", "Bluewave Cruises"],
        "products": ["city-break package", "family holiday", "rail pass", "weekend cruise"],
        "thing": "booking confirmation",
        "delivery": "check-in",
        "account": "trip planner",
    },
    {
        "key": "energy",
        "brands": ["Solara Energía", "Greengrid", "Voltia", "Heliox Power"],
        "products": ["solar panel kit", "green electricity tariff", "heat pump", "home charger"],
        "thing": "smart meter",
        "delivery": "installation",
        "account": "energy dashboard",
    },
    {
        "key": "health",
        "brands": ["Clínica Mar", "Wellpath", "Vitalis Care", "Northside Physio"],
        "products": ["physiotherapy plan", "dental check-up", "health insurance", "online GP service"],
        "thing": "appointment",
        "delivery": "first visit",
        "account": "patient app",
    },
]

PERSONAS = [
    ("busy-parent", "{n}, the busy parent",
     "Works full time and juggles two children; decides quickly and mostly on the phone.",
     ["Get a {product} that simply works", "Save time on admin", "Keep monthly costs predictable"],
     ["Long forms on a small screen", "Being put on hold during school pick-up", "Hidden fees"]),
    ("price-hunter", "{n}, the price hunter",
     "Compares every offer on comparison sites and switches provider when the deal ends.",
     ["Pay the lowest total price", "Understand the fine print", "Avoid lock-in contracts"],
     ["Prices without VAT", "Introductory offers that double after a year", "Aggressive upselling"]),
    ("first-timer", "{n}, the first-time buyer",
     "Has never bought a {product} before and feels unsure about the jargon.",
     ["Learn what really matters", "Get reassurance before paying", "Have someone to ask"],
     ["Technical vocabulary", "Too many similar options", "Not knowing what happens next"]),
    ("small-business-owner", "{n}, the small business owner",
     "Runs a shop with four employees; every hour of downtime costs money.",
     ["Keep the business running", "Get invoices that the accountant accepts", "Fast answers from a real person"],
     ["Consumer-only processes", "Slow escalation", "Unclear service levels"]),
    ("senior-customer", "{n}, the senior customer",
     "Retired, careful with money and prefers to talk to someone face to face or by phone.",
     ["Feel safe and respected", "Get clear written information", "Be able to visit a branch or store"],
     ["Apps that assume digital skills", "Small print", "Automated phone menus"]),
    ("digital-native", "{n}, the digital native",
     "Student who does everything in apps and expects instant answers in chat.",
     ["Sign up in minutes", "Manage everything from the app", "Share recommendations with friends"],
     ["Having to call or visit", "Paper forms", "Slow email replies"]),
    ("expat-newcomer", "{n}, the newcomer",
     "Recently moved to the country; reads the local language slowly and lacks local history.",
     ["Get set up without a local credit history", "Read information in English", "Understand local rules"],
     ["Documents only in the local language", "Requirements that assume a local ID", "Unclear next steps"]),
    ("remote-worker", "{n}, the remote worker",
     "Works from home every day and has little patience for interruptions or waiting.",
     ["Avoid interruptions", "Fix problems without waiting", "Plan changes outside working hours"],
     ["Time windows of a whole day", "Repeating the same story to every agent", "Surprise outages"]),
]
PERSONA_NAMES = [
    "Núria Puig", "José Martín", "Aisha Khan", "Tom Becker", "Mei Chen", "Olivia Brown",
    "Lucas Moreau", "Sofia Rossi", "Jordi Vidal", "Fatima El Amrani", "Ana Sousa",
    "Liam O'Connor", "Marta Ferrer", "Kwame Mensah", "Elena Petrova", "Daniel Ortega",
]

SEGMENTS = [
    ("new-customers", "New customers",
     "First purchase within the last 90 days; no previous contract with {brand}."),
    ("returning-customers", "Returning customers",
     "Bought at least twice in 24 months; responsive to loyalty benefits and reminders."),
    ("high-value", "High-value customers",
     "Top 10% by annual spend; expect priority service and a named contact."),
    ("price-sensitive", "Price-sensitive shoppers",
     "Use discount codes and comparison sites; abandon checkout when delivery costs appear."),
    ("digital-first", "Digital-first customers",
     "Prefer the app and chat, rarely call; open push notifications within the hour."),
    ("assisted-channel", "Assisted-channel customers",
     "Prefer phone or in-person help; value a clear paper summary of what they agreed."),
    ("small-business", "Small businesses",
     "Companies with fewer than 10 employees; need VAT invoices and multi-user access."),
    ("young-adults", "Young adults",
     "Aged 18 to 29, mobile only, highly influenced by reviews and social media."),
]

TEAMS = [
    ("marketing", "Marketing"),
    ("sales", "Sales"),
    ("customer-care", "Customer Care"),
    ("digital", "Digital Channels"),
    ("product", "Product Management"),
    ("operations", "Operations"),
    ("field-service", "Field Service"),
    ("billing", "Billing and Collections"),
    ("retail-network", "Retail Network"),
    ("partnerships", "Partnerships"),
    ("data-insights", "Data and Insights"),
    ("cx-office", "Customer Experience Office"),
]

# catalog touchpoints: (id, name, channel, description, team)
CATALOG_ONLINE = [
    ("website", "{brand} website", "web", "Public website with product pages, prices and the help centre.", "digital"),
    ("mobile-app", "{brand} app", "app", "iOS and Android app for self-service and notifications.", "digital"),
    ("newsletter", "Monthly newsletter", "email", "Opt-in newsletter with tips, offers and product news.", "marketing"),
    ("social-media", "Social media channels", "social", "Instagram, TikTok and LinkedIn accounts, including replies to comments.", "marketing"),
    ("search-ads", "Search advertising", "search", "Paid and organic search results for {product} queries.", "marketing"),
    ("display-ads", "Display and video ads", "ads", "Programmatic banners and pre-roll video on news sites.", "marketing"),
    ("live-chat", "Live chat", "chat", "Chat with an agent or the assistant, 8:00 to 22:00.", "customer-care"),
    ("sms-alerts", "SMS alerts", "sms", "Text messages for confirmations, reminders and incidents.", "operations"),
    ("help-centre", "Help centre", "support", "Searchable articles, videos and the contact form.", "customer-care"),
]
CATALOG_OFFLINE = [
    ("call-centre", "Customer call centre", "phone", "Inbound line for sales and support, with callback option.", "customer-care"),
    ("flagship-store", "Flagship store", "store", "Downtown store with advisers and demo area.", "retail-network"),
    ("local-events", "Local events and fairs", "event", "Stands at trade fairs and neighbourhood events.", "marketing"),
    ("welcome-letter", "Welcome letter", "mail", "Printed welcome pack sent by post.", "operations"),
    ("reseller-network", "Authorised resellers", "partner", "Independent resellers who sell and advise in their own shops.", "partnerships"),
]

# Inline (stage) touchpoints, per phase: (id base, name, channel, description)
INLINE_TOUCHPOINTS = {
    "awareness": [
        ("radio-spot", "Regional radio spot", "ads", "Thirty-second spot during the morning commute."),
        ("influencer-review", "Influencer review", "social", "Sponsored review by a lifestyle creator."),
        ("street-poster", "Street posters", "ads", "Posters at bus stops near our stores."),
        ("referral-link", "Referral link", "web", "Link shared by an existing customer."),
    ],
    "consideration": [
        ("comparison-page", "Comparison page", "web", "Side-by-side view of plans with total yearly cost."),
        ("advice-call", "Advice call", "phone", "Call-back from an adviser booked online."),
        ("store-demo", "In-store demo", "store", "Hands-on demo with an adviser."),
        ("price-calculator", "Price calculator", "web", "Calculator that estimates the monthly bill."),
    ],
    "decision": [
        ("quote-email", "Personalised quote", "email", "Quote with the price, the conditions and a link to sign."),
        ("sales-visit", "Home sales visit", "partner", "Visit by an authorised partner to confirm the details."),
        ("faq-page", "Before-you-buy FAQ", "web", "Answers to the ten most common last-minute questions."),
        ("chat-assistant", "Sales chat assistant", "chat", "Chat assistant that answers plan questions."),
    ],
    "purchase": [
        ("checkout", "Online checkout", "web", "Three-step checkout with saved payment methods."),
        ("store-counter", "Store counter", "store", "Signing and payment at the counter."),
        ("e-signature", "Electronic signature", "email", "Contract signed by e-mail link."),
        ("order-sms", "Order confirmation SMS", "sms", "Text with the order number and the next steps."),
    ],
    "post-purchase": [
        ("tracking-page", "Order tracking page", "web", "Live status of delivery or installation."),
        ("technician-visit", "Technician visit", "partner", "Installation or set-up by a certified technician."),
        ("onboarding-email", "Onboarding e-mails", "email", "Sequence of five e-mails over the first month."),
        ("support-line", "Support line", "phone", "Dedicated line for the first 30 days."),
    ],
    "loyalty": [
        ("rewards-hub", "Rewards hub", "app", "Points, member prices and personalised offers."),
        ("renewal-letter", "Renewal letter", "mail", "Letter sent 60 days before the renewal date."),
        ("account-review", "Annual account review", "phone", "Call to check that the plan still fits."),
        ("member-event", "Member evening", "event", "Invitation-only evening in the flagship store."),
    ],
    "advocacy": [
        ("review-request", "Review request", "email", "Invitation to review us two weeks after a good experience."),
        ("referral-programme", "Referral programme", "app", "Invite friends and both get a discount."),
        ("community-forum", "Community forum", "web", "Customers answering each other, with expert badges."),
        ("ambassador-meetup", "Ambassador meet-up", "event", "Quarterly meet-up for our most active fans."),
    ],
}

STAGE_NAMES = {
    "awareness": [("discover", "Discover {brand}"), ("notice-need", "Notice the need"),
                  ("first-contact", "First contact with {brand}"), ("hear-about", "Hear about the {product}")],
    "consideration": [("compare", "Compare options"), ("research", "Research the {product}"),
                      ("explore-plans", "Explore plans and prices"), ("ask-advice", "Ask for advice")],
    "decision": [("choose", "Choose a plan"), ("decide", "Decide to buy"),
                 ("get-quote", "Get a quote"), ("confirm-fit", "Confirm the {product} fits")],
    "purchase": [("buy", "Buy the {product}"), ("sign-up", "Sign up"),
                 ("checkout", "Check out and pay"), ("sign-contract", "Sign the contract")],
    "post-purchase": [("get-started", "Get started"), ("receive", "Receive the {thing}"),
                      ("onboard", "Onboarding"), ("first-use", "First weeks of use")],
    "loyalty": [("stay", "Stay and renew"), ("use-and-grow", "Use and grow"),
                ("renew", "Renewal"), ("get-support", "Get ongoing support")],
    "advocacy": [("recommend", "Recommend {brand}"), ("review", "Write a review"),
                 ("refer-friends", "Refer friends"), ("join-community", "Join the community")],
}

STAGE_DESCRIPTIONS = {
    "awareness": "The customer realises that the current {product} no longer fits and starts to notice brands. {brand} must be visible where the customer already spends time, with a message that speaks about the problem rather than about features.",
    "consideration": "The customer compares two or three providers, reads reviews and tries to understand the real monthly cost of a {product}. Clarity and honest comparisons matter more than discounts here.",
    "decision": "The customer has a favourite and looks for the last reasons to trust it: conditions, cancellation terms and what happens if something goes wrong during the {delivery}.",
    "purchase": "The customer signs up and pays. Every extra field, surprise fee or slow confirmation at this point is a reason to abandon and go back to the comparison.",
    "post-purchase": "From payment to the first successful use: the {delivery}, the {thing}, the welcome information and the first contact with support.",
    "loyalty": "The customer uses the {product} every week. Bills, small incidents, price changes and the renewal decide whether the customer stays.",
    "advocacy": "A satisfied customer is ready to recommend {brand}. We make it easy to share, reward referrals and listen to public reviews.",
}

STEPS = {
    "awareness": ["Sees an ad for the {product} while scrolling", "Searches for {product} offers near home",
                  "Hears a colleague mention {brand}", "Reads a blog post about choosing a {product}",
                  "Notices the price of the current provider went up", "Clicks a sponsored result"],
    "consideration": ["Opens the comparison page", "Reads reviews on independent sites",
                      "Uses the price calculator", "Asks a question in the chat",
                      "Downloads the conditions as a PDF", "Visits a store to see the {product}"],
    "decision": ["Requests a personalised quote", "Checks the cancellation conditions",
                 "Talks it over with the family", "Asks whether the current contract can be ended",
                 "Compares the quote with the current bill", "Confirms availability at home address"],
    "purchase": ["Fills in personal details", "Chooses a {delivery} date",
                 "Enters payment details", "Signs the contract electronically",
                 "Receives the order confirmation", "Creates an account in the {account}"],
    "post-purchase": ["Tracks the order", "Waits for the {delivery}",
                      "Sets up the {thing}", "Reads the welcome e-mail",
                      "Calls support with a first question", "Logs in to the {account} for the first time"],
    "loyalty": ["Receives the monthly bill", "Checks usage in the {account}",
                "Reports a small incident", "Gets a renewal offer",
                "Adds a family member to the plan", "Redeems reward points"],
    "advocacy": ["Gets an invitation to review", "Shares a referral link with a friend",
                 "Posts a photo on social media", "Answers a question in the community forum",
                 "Joins the ambassador programme", "Rates the service in the app"],
}

NEEDS = {
    "awareness": ["Understand whether a better {product} exists", "Trust that {brand} is a serious company",
                  "See a price range early", "Find information without giving personal data"],
    "consideration": ["Compare total cost over a year", "Know what is included and what is extra",
                      "Read opinions of people like me", "Talk to someone who knows the {product}"],
    "decision": ["Be sure that the {product} fits my situation", "Know the cancellation terms",
                 "Get a written quote", "Feel that the price is fair"],
    "purchase": ["A short and secure checkout", "Pay with my preferred method",
                 "Immediate confirmation of the order", "Choose a convenient {delivery} slot"],
    "post-purchase": ["Know when the {delivery} happens", "Set up the {thing} without help",
                      "Reach support quickly if something fails", "Get a clear first bill"],
    "loyalty": ["A bill that is easy to read", "Fair treatment at renewal",
                "Quick fixes for small incidents", "Benefits for staying"],
    "advocacy": ["A simple way to recommend", "Recognition for helping others",
                 "Feel that feedback is heard", "Rewards that are worth sharing"],
}

QUESTIONS = {
    "awareness": ["Is {brand} available where I live?", "How much does a {product} cost per month?",
                  "Why should I switch now?"],
    "consideration": ["What is the difference between the plans?", "Are there installation or set-up fees?",
                      "How long is the minimum contract?"],
    "decision": ["Can I cancel in the first 14 days?", "Is there a discount for existing customers?",
                 "What happens with my current provider?"],
    "purchase": ["When will I be charged?", "Which documents do I need?",
                 "Can I change the {delivery} date later?"],
    "post-purchase": ["What do I do if the {thing} does not work?", "Where can I see my contract?",
                      "Who do I call during the first month?"],
    "loyalty": ["Why did my bill change?", "Can I get a better price at renewal?",
                "How do I add another person?"],
    "advocacy": ["What does my friend get if I refer them?", "Where can I leave a review?",
                 "Will my review be published as written?"],
}

FEELINGS = {
    -2: ["frustrated", "angry", "let down", "anxious", "ignored"],
    -1: ["confused", "impatient", "uncertain", "sceptical", "tired"],
    0: ["neutral", "curious", "cautious", "attentive", "undecided"],
    1: ["reassured", "interested", "hopeful", "satisfied", "relieved"],
    2: ["delighted", "confident", "proud", "excited", "grateful"],
}
PHASE_SCORE = {"awareness": (0, 1), "consideration": (-1, 1), "decision": (-1, 1),
               "purchase": (-1, 2), "post-purchase": (-2, 1), "loyalty": (-1, 2), "advocacy": (1, 2)}

PAIN_POINTS = {
    "awareness": ["Ads promise a price that is not available at the customer's address",
                  "The brand is unknown outside the big cities",
                  "Too many messages from competitors at the same time"],
    "consideration": ["The comparison page hides the price after the first year",
                      "Reviews mention slow support",
                      "Plan names are hard to tell apart"],
    "decision": ["The quote arrives after two days",
                 "Cancellation terms are buried in a 20-page PDF",
                 "No way to ask a quick question before signing"],
    "purchase": ["Checkout asks for the same data twice",
                 "Payment fails with some bank cards",
                 "The confirmation e-mail goes to spam"],
    "post-purchase": ["The {delivery} window is a whole day",
                      "The {thing} arrives without clear instructions",
                      "The first bill is higher than expected because of pro-rata charges"],
    "loyalty": ["Price increase announced with little notice",
                "Loyal customers get worse prices than new ones",
                "Incidents need several calls to be solved"],
    "advocacy": ["The referral reward takes months to arrive",
                 "Negative reviews get no public answer",
                 "Sharing requires logging in on the website"],
}

OPPORTUNITIES = {
    "awareness": ["Show the address check on the landing page", "Use customer stories in local media",
                  "Retarget visitors with the real price"],
    "consideration": ["Show the total two-year cost on every plan", "Add verified reviews to the plan pages",
                      "Offer a 15-minute video call with an adviser"],
    "decision": ["Send the quote instantly by e-mail and SMS", "Summarise the conditions on one page",
                 "Open the chat on the quote page"],
    "purchase": ["Prefill data from the quote", "Offer Bizum, PayPal and direct debit",
                 "Confirm by SMS as well as by e-mail"],
    "post-purchase": ["Offer two-hour {delivery} windows", "Add a quick-start video for the {thing}",
                      "Explain the first bill before it is issued"],
    "loyalty": ["Announce price changes 60 days ahead with alternatives", "Give loyal customers the new-customer price",
                "Solve incidents on first contact"],
    "advocacy": ["Pay referral rewards within a week", "Answer every public review within two days",
                 "Let customers share from the app with one tap"],
}

# objective templates: (id base, statement, metric, unit, baseline range, direction)
OBJECTIVES = {
    "awareness": [
        ("brand-awareness", "Increase aided brand awareness in target regions so that {brand} is on the shortlist", "aided brand awareness", "%", (18, 40), "increase"),
        ("landing-visits", "Grow qualified visits to the {product} landing page", "monthly qualified visits", "people", (8000, 40000), "increase"),
        ("cost-per-lead", "Reduce the cost per qualified lead from paid channels", "cost per lead", "EUR", (18, 60), "decrease"),
    ],
    "consideration": [
        ("calculator-use", "More visitors use the price calculator and understand the real cost", "calculator completion rate", "%", (12, 35), "increase"),
        ("plan-page-bounce", "Fewer visitors leave the plan pages without exploring", "plan page bounce rate", "%", (45, 70), "decrease"),
        ("advice-calls", "Book more advice calls with undecided prospects", "advice calls booked per week", "people", (60, 300), "increase"),
    ],
    "decision": [
        ("quote-conversion", "Convert more quotes into orders", "quote-to-order conversion", "%", (14, 30), "increase"),
        ("quote-time", "Send quotes faster so that prospects do not cool down", "median time to quote", "min", (90, 600), "decrease"),
        ("pre-sale-questions", "Answer pre-sale questions in the chat quickly", "median first response time", "s", (60, 240), "decrease"),
    ],
    "purchase": [
        ("checkout-completion", "Reduce abandonment in checkout", "checkout completion rate", "%", (55, 78), "increase"),
        ("checkout-time", "Make checkout faster", "median checkout time", "s", (240, 600), "decrease"),
        ("payment-failures", "Lower failed payments at checkout", "payment failure rate", "%", (3, 9), "decrease"),
    ],
    "post-purchase": [
        ("on-time-delivery", "Deliver the {delivery} on the promised day", "on-time {delivery} rate", "%", (80, 92), "increase"),
        ("first-month-calls", "Fewer customers need to call support in their first month", "first-month contact rate", "%", (20, 40), "decrease"),
        ("time-to-value", "Shorten the time from order to first successful use", "median time to first use", "days", (6, 15), "decrease"),
    ],
    "loyalty": [
        ("churn", "Keep more customers at renewal", "annual churn rate", "%", (12, 25), "decrease"),
        ("nps", "Improve the net promoter score of active customers", "NPS", "points", (5, 30), "increase"),
        ("first-contact-resolution", "Solve incidents on the first contact", "first contact resolution", "%", (55, 75), "increase"),
    ],
    "advocacy": [
        ("referrals", "Grow new customers who come from referrals", "referred sign-ups per month", "people", (80, 500), "increase"),
        ("review-rating", "Raise the average public review rating", "average review rating", "stars", (3, 4), "increase"),
        ("review-replies", "Answer public reviews faster", "median review reply time", "h", (24, 96), "decrease"),
    ],
}
OBJECTIVE_TEAMS = {
    "awareness": ["marketing", "digital"], "consideration": ["digital", "sales", "marketing"],
    "decision": ["sales", "customer-care"], "purchase": ["digital", "billing", "sales"],
    "post-purchase": ["operations", "field-service", "customer-care"],
    "loyalty": ["customer-care", "cx-office", "billing"], "advocacy": ["cx-office", "marketing"],
}

ACTIONS = {
    "awareness": [("Launch a local campaign with the address checker", "campaign"),
                  ("Publish a buyer's guide to the {product}", "content"),
                  ("Sponsor neighbourhood events in new areas", "campaign")],
    "consideration": [("Rewrite plan pages with total yearly cost", "content"),
                      ("Add verified reviews widget", "product"),
                      ("Train advisers on the comparison questions", "training")],
    "decision": [("Automate the quote e-mail and SMS", "process"),
                 ("Create a one-page summary of conditions", "content"),
                 ("Open proactive chat on the quote page", "service")],
    "purchase": [("Prefill checkout from the quote", "product"),
                 ("Add Bizum and PayPal", "product"),
                 ("Send SMS confirmation with next steps", "process")],
    "post-purchase": [("Offer two-hour {delivery} windows", "process"),
                      ("Record a quick-start video for the {thing}", "content"),
                      ("Call every new customer after the first week", "service")],
    "loyalty": [("Renewal offer 60 days before the end date", "campaign"),
                ("Give agents authority to fix billing errors up to 50 EUR", "process"),
                ("Monthly tips e-mail for active customers", "content")],
    "advocacy": [("Pay referral rewards within seven days", "process"),
                 ("Reply to all public reviews within two days", "service"),
                 ("One-tap sharing from the app", "product")],
}
STATUSES = ["idea", "planned", "planned", "in-progress", "done"]

FEEDBACK = {
    "awareness": ["I had never heard of {brand} until a friend mentioned it.",
                  "The ad looked good but I could not find the price.",
                  "I saw the posters every day on my way to work."],
    "consideration": ["The calculator was useful, but I wanted to see the price after the offer.",
                      "Too many plans with similar names.",
                      "The adviser in the store explained it much better than the website."],
    "decision": ["I waited two days for the quote and almost signed elsewhere.",
                 "The conditions were clear once I found them.",
                 "The chat answered my question in a minute, that convinced me."],
    "purchase": ["Checkout was quick on my phone.",
                 "My card was rejected twice before it worked.",
                 "I never got the confirmation e-mail; it was in spam."],
    "post-purchase": ["The technician was great but I waited at home all day.",
                      "Set-up took five minutes with the video.",
                      "My first bill was higher than I expected and nobody told me why."],
    "loyalty": ["Support solved my problem on the first call.",
                "New customers get a better price than me after five years.",
                "The app shows everything I need."],
    "advocacy": ["I recommended {brand} to my sister and we both got a discount.",
                 "Still waiting for my referral reward.",
                 "They answered my review, which I did not expect."],
}
SOURCES = ["NPS survey", "post-purchase survey", "store interview", "call centre notes",
           "app store review", "web analytics", "usability test", "social listening"]
TAGS = ["b2c", "b2b", "onboarding", "retention", "acquisition", "omnichannel", "digital",
        "2025-plan", "cx-programme", "renewal", "self-service"]

# Service blueprint (journey_text(..., blueprint=True)): step times, and the lanes of a
# stage. Actions: (text, preferred teams, system or None).
STEP_DURATIONS = ["30 s", "2 min", "5 min", "10 min", "20 min", "1 h"]
WAITS = ["10 min", "2 h", "1 d", "3 d", "1 w"]
ACTION_DURATIONS = ["5 min", "15 min", "1 h", "4 h", "1 d"]
EVIDENCE = ["Confirmation email from {brand}", "The {account} page with the order status",
            "Printed receipt for the {product}", "SMS with the {delivery} date", "The {thing} and its packaging",
            "Invoice in the {account}", "Price table of the {product} on the website",
            "Welcome letter with the contract summary", "Push notification from the {brand} app"]
BLUEPRINT_LANES = {
    "frontstage": [
        ("An agent answers questions about the {product}", ["customer-care", "sales"], "CRM"),
        ("The website shows the full price of the {product}", ["digital"], "Web CMS"),
        ("A store advisor demonstrates the {product}", ["retail-network", "sales"], None),
        ("The chat bot hands over to an agent", ["customer-care", "digital"], "Chat platform"),
        ("The technician explains the {delivery} on site", ["field-service"], "Field service app"),
        ("The app confirms each step by notification", ["digital"], "Notification service"),
    ],
    "backstage": [
        ("Checks the order against stock and credit", ["operations", "billing"], "ERP"),
        ("Schedules the {delivery} with the nearest team", ["operations", "field-service"], "Planning tool"),
        ("Reviews the documents the customer uploaded", ["operations"], "Case management"),
        ("Prepares the personalised quote", ["sales"], "CPQ"),
        ("Follows up unanswered tickets every morning", ["customer-care"], "Ticketing system"),
        ("Segments the audience for the next campaign", ["marketing", "data-insights"], "Marketing automation"),
    ],
    "support": [
        ("Payment provider settles the card payment", ["billing", "partnerships"], "Payment gateway"),
        ("Customer data kept in one record", ["data-insights", "digital"], "CRM"),
        ("Logistics partner delivers the {thing}", ["partnerships", "operations"], "Carrier portal"),
        ("Identity checks by an external provider", ["partnerships", "operations"], "Identity service"),
        ("Knowledge base for agents and the chat bot", ["customer-care", "cx-office"], "Knowledge base"),
        ("Product catalogue with prices and stock", ["product", "digital"], "Product information system"),
    ],
}


_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9ÀÁÂÈÉÍÏÒÓÚÜÇÑàáâèéíïòóúüçñ][A-Za-z0-9 ,.;:'()/&+?!%€ÀÁÂÈÉÍÏÒÓÚÜÇÑàáâèéíïòóúüçñ-]*$")
_STOP_WORDS = {"a", "the", "to", "of", "with"}
_RESERVED = {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}


def _q(text: str) -> str:
    """Render a string scalar: plain when unambiguous, else double-quoted."""
    if (
        _PLAIN_SAFE.match(text)
        and text.lower() not in _RESERVED
        and not text[0].isdigit()
        and not text.endswith((" ", ":"))
        and ": " not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _phase_for(index: int, stages: int) -> str:
    if stages <= len(PHASES):
        return PHASES[index]
    return PHASES[index * len(PHASES) // stages]


def _fmt_num(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(round(value, 1))


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def folded(self, indent: int, key: str, text: str) -> None:
        self(indent, f"{key}: >-")
        for line in textwrap.wrap(text, width=max(40, 88 - indent - 2)):
            self(indent + 2, line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def journey_text(
    seed: int, stages: int = 6, *, catalogs: tuple[str, ...] = (), links: tuple[str, ...] = (),
    blueprint: bool = False,
) -> str:
    """Return the YAML text of one valid, clean journey with `stages` stages.

    With `catalogs` (paths from the journey's folder) the journey lists them
    right after `cjmap: 1`, names its personas by id and defines no persona,
    segment, team or catalog touchpoint of its own: the catalogs must define
    every one it uses (`catalog_texts` writes such catalogs). Its stage-inline
    touchpoints stay. Apart from that it is the same journey as without
    catalogs (the same random draws). `links` go on the last stage.

    With `blueprint`, every step says how long it takes, some make the customer
    wait and some are moments of truth, and every stage fills in the evidence,
    frontstage, backstage and support lanes of a service blueprint, each action
    with its owner team. These come from a random stream of their own, so the
    rest of the journey is the one written without them, draw for draw.
    """
    if stages < 1:
        raise ValueError("stages must be >= 1")
    rnd = random.Random(seed)
    brnd = random.Random(f"blueprint-{seed}")
    dom = rnd.choice(DOMAINS)
    brand = rnd.choice(dom["brands"])
    product = rnd.choice(dom["products"])
    ctx = {"brand": brand, "product": product, "thing": dom["thing"],
           "delivery": dom["delivery"], "account": dom["account"]}

    def fill(s: str) -> str:
        return s.format(**ctx)

    w = _Writer()
    journey_id = f"{_slug(product)}-{dom['key']}-{seed:04d}"
    w(0, f"# {brand}: customer journey for the {product}")
    w(0, "cjmap: 1")
    if catalogs:
        w(0, "catalogs: [" + ", ".join(catalogs) + "]")
    w(0, f"id: {journey_id}")
    w(0, f"title: {_q(f'{product.capitalize()} journey at {brand}')}")
    w.folded(0, "description", fill(
        "End-to-end journey of a household or small business that chooses, buys and "
        "uses a {product} from {brand}, from the first impression to recommending us. "
        "Maintained by the customer experience office and reviewed every quarter."))
    w(0, "language: en")

    teams = rnd.sample(TEAMS, 7)
    # make sure the teams used by touchpoint and objective templates exist
    team_ids = {t[0] for t in teams}
    for t in TEAMS:
        if t[0] not in team_ids and t[0] in {"cx-office", "digital", "marketing", "customer-care"}:
            teams.append(t)
            team_ids.add(t[0])
    team_list = [t[0] for t in teams]

    def team(preferred: list[str] | str) -> str:
        if isinstance(preferred, str):
            preferred = [preferred]
        ok = [p for p in preferred if p in team_ids]
        return rnd.choice(ok) if ok else rnd.choice(team_list)

    w(0, "owner: cx-office")
    w(0, "tags: [" + ", ".join(rnd.sample(TAGS, 3) + [dom["key"]]) + "]")

    # personas, segments, teams and the touchpoint catalog: with catalogs, the
    # journey names its personas and writes the definitions nowhere (`d` drops
    # them), so that it makes the same random draws as without
    d = _Writer() if catalogs else w
    w(0, "")
    npersonas = rnd.randint(2, 3)
    personas = rnd.sample(PERSONAS, npersonas)
    if catalogs:
        w(0, "personas: [" + ", ".join(p[0] for p in personas) + "]")
    d(0, "personas:")
    names = rnd.sample(PERSONA_NAMES, npersonas)
    persona_ids = []
    for (pid, pname, pdesc, goals, frus), name in zip(personas, names):
        persona_ids.append(pid)
        ctx["n"] = name.split()[0]
        d(2, f"- id: {pid}")
        d(4, f"name: {_q(fill(pname))}")
        d(4, f"description: {_q(fill(pdesc))}")
        d(4, "goals:")
        for g in rnd.sample(goals, 2):
            d(6, f"- {_q(fill(g))}")
        d(4, "frustrations:")
        for f in rnd.sample(frus, rnd.randint(1, 2)):
            d(6, f"- {_q(fill(f))}")

    # segments
    d(0, "")
    d(0, "segments:")
    segments = rnd.sample(SEGMENTS, rnd.randint(3, 4))
    seg_ids = [s[0] for s in segments]
    for sid, sname, crit in segments:
        d(2, f"- id: {sid}")
        d(4, f"name: {_q(sname)}")
        d(4, f"criteria: {_q(fill(crit))}")
        d(4, "personas: [" + ", ".join(rnd.sample(persona_ids, rnd.randint(1, 2))) + "]")

    d(0, "")
    d(0, "teams:")
    for tid, tname in teams:
        d(2, f"- {{id: {tid}, name: {_q(tname)}}}")

    # touchpoint catalog: always both online and offline; every segment targeted here
    catalog = rnd.sample(CATALOG_ONLINE, 4) + rnd.sample(CATALOG_OFFLINE, 2)
    rnd.shuffle(catalog)
    catalog_ids = [c[0] for c in catalog]
    d(0, "")
    d(0, "touchpoints:")
    for i, (tid, tname, channel, desc, tteam) in enumerate(catalog):
        d(2, f"- id: {tid}")
        d(4, f"name: {_q(fill(tname))}")
        d(4, f"channel: {channel}")
        if rnd.random() < 0.4:
            d(4, f"mode: {'offline' if channel in OFFLINE_CHANNELS else 'online'}")
        d(4, f"owner: {team(tteam)}")
        if i < len(seg_ids):
            d(4, f"segments: [{seg_ids[i]}]")
        if rnd.random() < 0.5:
            d(4, f"description: {_q(fill(desc))}")

    # stages
    w(0, "")
    w(0, "stages:")
    used_stage_ids: set[str] = set()
    for si in range(stages):
        phase = _phase_for(si, stages)
        n = si + 1
        base_id, sname = rnd.choice(STAGE_NAMES[phase])
        stage_id = base_id if base_id not in used_stage_ids else f"{base_id}-{n}"
        used_stage_ids.add(stage_id)
        w(0, "")
        w(2, f"# Stage {n}: {phase}")
        w(2, f"- id: {stage_id}")
        w(4, f"name: {_q(fill(sname))}")
        w(4, f"phase: {phase}")
        if rnd.random() < 0.3:
            w.folded(4, "description", fill(STAGE_DESCRIPTIONS[phase]))
        w(4, f"owner: {team(OBJECTIVE_TEAMS[phase])}")

        # touchpoints of this stage: catalog references + one inline definition
        tp_base, tp_name, tp_channel, tp_desc = rnd.choice(INLINE_TOUCHPOINTS[phase])
        inline_id = f"{tp_base}-s{n}"
        refs = rnd.sample(catalog_ids, 2)
        stage_tps = refs + [inline_id]
        lo, hi = PHASE_SCORE[phase]

        w(4, "steps:")
        for k, step in enumerate(rnd.sample(STEPS[phase], rnd.randint(2, 3))):
            if k % 2 == 0:
                w(6, f"- text: {_q(fill(step))}")
                w(8, f"touchpoint: {rnd.choice(stage_tps)}")
                w(8, f"score: {rnd.randint(lo, hi)}")
                if rnd.random() < 0.3:
                    w(8, f"segments: [{rnd.choice(seg_ids)}]")
            elif blueprint:
                w(6, f"- text: {_q(fill(step))}")
            else:
                w(6, f"- {_q(fill(step))}")
            if blueprint:
                _step_times(w, brnd, scored=k % 2 == 0)

        w(4, "needs:")
        for k, need in enumerate(rnd.sample(NEEDS[phase], rnd.randint(2, 3))):
            if k == 0:
                w(6, f"- text: {_q(fill(need))}")
                w(8, f"segments: [{seg_ids[si % len(seg_ids)]}]")
            else:
                w(6, f"- {_q(fill(need))}")

        w(4, "questions:")
        for qn in rnd.sample(QUESTIONS[phase], rnd.randint(1, 2)):
            w(6, f"- {_q(fill(qn))}")

        score = rnd.randint(lo, hi)
        w(4, "emotions:")
        w(6, f"score: {score}")
        w(6, "feelings: [" + ", ".join(rnd.sample(FEELINGS[score], 2)
                                        + rnd.sample(FEELINGS[max(-2, min(2, score + rnd.choice((-1, 1))))], 1)) + "]")

        w(4, "pain_points:")
        for k, pp in enumerate(rnd.sample(PAIN_POINTS[phase], rnd.randint(1, 2))):
            if k == 0:
                w(6, f"- text: {_q(fill(pp))}")
                w(8, f"severity: {rnd.choice(('low', 'medium', 'high'))}")
                if rnd.random() < 0.3:
                    w(8, f"segments: [{rnd.choice(seg_ids)}]")
            else:
                w(6, f"- {_q(fill(pp))}")

        w(4, "opportunities:")
        for k, op in enumerate(rnd.sample(OPPORTUNITIES[phase], rnd.randint(1, 2))):
            w(6, f"- {_q(fill(op))}")

        w(4, "touchpoints:")
        for r in refs:
            w(6, f"- {r}")
        w(6, f"- id: {inline_id}")
        w(8, f"name: {_q(fill(tp_name))}")
        w(8, f"channel: {tp_channel}")
        w(8, f"owner: {team(OBJECTIVE_TEAMS[phase])}")
        if rnd.random() < 0.3:
            w(8, f"segments: [{rnd.choice(seg_ids)}]")
        if rnd.random() < 0.5:
            w(8, f"description: {_q(fill(tp_desc))}")

        w(4, "objectives:")
        objectives = rnd.sample(OBJECTIVES[phase], 1 + int(rnd.random() < 0.35))
        for obase, stmt, metric, unit, (blo, bhi), direction in objectives:
            if unit == "stars":
                baseline = round(rnd.uniform(3.4, 4.2), 1)
                target = round(baseline + rnd.choice((0.2, 0.3, 0.4)), 1)
            else:
                baseline = rnd.randint(blo, bhi)
                factor = rnd.choice((0.1, 0.15, 0.2, 0.25, 0.3))
                if direction == "increase":
                    target = max(baseline + 1, round(baseline * (1 + factor)))
                    if unit == "%":
                        target = min(target, 99)
                        if target <= baseline:
                            baseline = target - 1
                else:
                    target = min(baseline - 1, round(baseline * (1 - factor)))
                    target = max(target, 1)
                    if target >= baseline:
                        baseline = target + 1
            year = 2025 + (si * 7 // max(stages, 1) + rnd.randint(0, 3)) // 4
            month = rnd.choice((3, 6, 9, 12))
            day = (_dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)).day
            w(6, f"- id: {obase}-s{n}")
            w(8, f"statement: {_q(fill(stmt))}")
            w(8, f"metric: {_q(fill(metric))}")
            w(8, f"target: {_fmt_num(target)}")
            w(8, f'unit: "{unit}"' if unit == "%" else f"unit: {unit}")
            w(8, f"baseline: {_fmt_num(baseline)}")
            if rnd.random() < 0.35:
                w(8, f"direction: {direction}")
            w(8, f"due: {year}-{month:02d}-{day:02d}")
            w(8, f"owner: {team(OBJECTIVE_TEAMS[phase])}")

        w(4, "actions:")
        actions = rnd.sample(ACTIONS[phase], 1 + int(rnd.random() < 0.4))
        for k, (title, atype) in enumerate(actions):
            words = [x for x in _slug(fill(title)).split("-") if x not in _STOP_WORDS]
            w(6, f"- id: {'-'.join(words[:3])}-s{n}")
            w(8, f"title: {_q(fill(title))}")
            if atype != "content" or rnd.random() < 0.5:
                w(8, f"type: {atype}")
            if rnd.random() < 0.7:
                w(8, f"touchpoint: {rnd.choice(stage_tps)}")
            w(8, f"owner: {team(OBJECTIVE_TEAMS[phase])}")
            if k == 0 and rnd.random() < 0.5:
                w(8, f"segments: [{rnd.choice(seg_ids)}]")
            w(8, f"status: {rnd.choice(STATUSES)}")

        feedback = rnd.sample(FEEDBACK[phase], int(rnd.random() < 0.4))
        if feedback:
            w(4, "feedback:")
        for fb in feedback:
            date = _dt.date(2024, 1, 1) + _dt.timedelta(days=rnd.randint(0, 600))
            w(6, f"- text: {_q(fill(fb))}")
            w(8, f"source: {_q(rnd.choice(SOURCES))}")
            w(8, f"date: {date.isoformat()}")
        if blueprint:
            _blueprint_lanes(w, brnd, fill, teams=team_list, touchpoints=stage_tps, segments=seg_ids)
    return w.text() + _links_line(links)


def _step_times(w: _Writer, brnd: random.Random, *, scored: bool) -> None:
    """A step's duration, often a wait after it, and for a scored step now and
    then a moment of truth (one without a score is a finding, CJ118)."""
    w(8, f"duration: {brnd.choice(STEP_DURATIONS)}")
    if brnd.random() < 0.4:
        w(8, f"wait: {brnd.choice(WAITS)}")
    if scored and brnd.random() < 0.25:
        w(8, "moment_of_truth: true")


def _blueprint_lanes(w: _Writer, brnd: random.Random, fill, *, teams: list[str], touchpoints: list[str],
                     segments: list[str]) -> None:
    """A stage's evidence, frontstage, backstage and support, every action
    owned by a team of the journey (CJ117 asks for backstage and support)."""
    w(4, "evidence:")
    for item in brnd.sample(EVIDENCE, brnd.randint(1, 2)):
        w(6, f"- {_q(fill(item))}")
    for lane, actions in BLUEPRINT_LANES.items():
        w(4, f"{lane}:")
        for text, preferred, system in brnd.sample(actions, brnd.randint(1, 2) if lane != "support" else 1):
            owners = [team for team in preferred if team in teams] or teams
            w(6, f"- text: {_q(fill(text))}")
            w(8, f"owner: {brnd.choice(owners)}")
            if lane == "frontstage":
                w(8, f"touchpoint: {brnd.choice(touchpoints)}")
            if system is not None:
                w(8, f"system: {_q(system)}")
            if brnd.random() < 0.5:
                w(8, f"duration: {brnd.choice(ACTION_DURATIONS)}")
            if brnd.random() < 0.2:
                w(8, f"segments: [{brnd.choice(segments)}]")


def _links_line(links) -> str:
    """`links` of the last stage, as a line to add at the end of a journey:
    stages are a journey's last key, and links a stage's."""
    return "    links: [" + ", ".join(links) + "]\n" if links else ""


def scaled_journey_text(
    touchpoints: int, *, per_stage: int = 10, revision: int = 0, typos: bool = False, suppressed: bool = False
) -> str:
    """One clean journey in which every list grows with `touchpoints`.

    For scale benchmarks and tests: a stage has `per_stage` touchpoints (half
    defined inline, half referring to the catalog, one of them shared with
    the stage before), three steps, two needs,
    two objectives and two actions; the catalog holds the other half of the
    touchpoints; segments number a tenth of the stages, so that a loop over
    one list nested in a loop over another shows as quadratic. Teams stop at
    twelve: the report's ownership table has a cell per team and stage by
    design, and an organisation has a handful of teams, not thousands.
    Every id is used and every reference resolves: the journey has no finding.
    `revision` 1 is the same journey edited all over, for `cjmap diff`: every
    tenth stage renamed and swapped with the next, every fifth objective with
    a new target, every second action (those without an id) retitled. `typos`
    misspells the touchpoint of every step (`tq-…` for `tp-…`): one dangling
    reference (CJ004, with a suggestion) per step. `suppressed` leaves the
    touchpoints defined in stages without an owner, each with a comment
    `# cjmap: disable=CJ109` that silences the finding: still no finding.
    """
    if touchpoints < per_stage:
        raise ValueError(f"touchpoints must be >= {per_stage}")
    stages = touchpoints // per_stage
    inline = per_stage // 2
    refs = per_stage - inline
    catalog = stages * refs
    groups = max(2, stages // 10)
    teams = min(groups, 12)
    w = _Writer()
    w(0, "cjmap: 1")
    w(0, f"id: scaled-{touchpoints}")
    # The dash makes the text more than Latin-1, as most journeys are (“”, €, —,
    # emoji): Python then stores it wider, and some searches cost more.
    w(0, f"title: Scaled journey — {touchpoints} touchpoints")
    w(0, "owner: team-0")
    w(0, "personas:")
    w(2, "- {id: persona-0, name: Persona 0}")
    w(0, "segments:")
    for g in range(groups):
        w(2, f"- {{id: segment-{g}, name: Segment {g}, personas: [persona-0]}}")
    w(0, "teams:")
    for g in range(teams):
        w(2, f"- {{id: team-{g}, name: Team {g}}}")
    w(0, "touchpoints:")
    for c in range(catalog):
        channel = "store" if c % 3 == 0 else "web"
        w(2, f"- {{id: cat-{c}, name: Catalog touchpoint {c}, channel: {channel}, "
             f"owner: team-{c % teams}, segments: [segment-{c % groups}]}}")
    w(0, "stages:")
    order = list(range(stages))
    if revision:
        for s in range(0, stages - 1, 10):
            order[s], order[s + 1] = order[s + 1], order[s]
    for s in order:
        phase = _phase_for(s, stages) if stages >= len(PHASES) else PHASES[min(s, len(PHASES) - 1)]
        team = f"team-{s % teams}"
        segment = f"segment-{s % groups}"
        w(2, f"- id: stage-{s}")
        w(4, f"name: Stage {s}" + (" (revised)" if revision and s % 10 == 0 else ""))
        w(4, f"phase: {phase}")
        w(4, f"owner: {team}")
        w(4, "steps:")
        for k in range(3):
            w(6, f"- {{text: Step {k} of stage {s}, touchpoint: {'tq' if typos else 'tp'}-{s}-{k % inline}, "
                 f"score: {(s + k) % 5 - 2}, segments: [{segment}]}}")
        w(4, "needs:")
        w(6, f"- {{text: Need A of stage {s}, segments: [{segment}]}}")
        w(6, f"- Need B of stage {s}")
        w(4, "emotions: {score: " + str(s % 5 - 2) + ", feelings: [calm]}")
        w(4, "pain_points:")
        w(6, f"- {{text: Pain of stage {s}, severity: high}}")
        w(4, "opportunities:")
        w(6, f"- Opportunity of stage {s}")
        w(4, "touchpoints:")
        for k in range(inline):
            channel = "phone" if (s + k) % 4 == 0 else "app"
            owner = "" if suppressed else f"owner: {team}, "
            comment = "  # cjmap: disable=CJ109" if suppressed else ""
            w(6, f"- {{id: tp-{s}-{k}, name: Touchpoint {k} of stage {s}, channel: {channel}, "
                 f"{owner}segments: [{segment}]}}{comment}")
        for k in range(refs):
            # The last one is the previous stage's first: a touchpoint shared by two stages.
            shared = k == refs - 1 and s > 0
            w(6, f"- cat-{(s - 1) * refs if shared else s * refs + k}")
        w(4, "objectives:")
        for k in range(2):
            w(6, f"- {{id: objective-{s}-{k}, statement: Objective {k} of stage {s}, metric: Rate {k}, "
                 f"target: {40 + k + (5 if revision and (2 * s + k) % 5 == 0 else 0)}, unit: \"%\", baseline: {20 + k}, due: 2027-06-30, owner: {team}}}")
        w(4, "actions:")
        for k in range(2):
            # The second action has no id: diff matches it by its stage and title.
            ident = f"id: action-{s}-{k}, " if k == 0 else ""
            title = f"Action {k} of stage {s}" + (" (revised)" if revision and k == 1 and s % 2 == 0 else "")
            w(6, f"- {{{ident}title: {title}, touchpoint: tp-{s}-{k}, owner: {team}, segments: [{segment}]}}")
    return w.text()


def nested_text(depth: int) -> str:
    """A tiny journey whose `description` is a list nested `depth` levels deep
    (a schema error, CJ003): it measures what nesting alone costs."""
    inner = "[" * depth + "x" + "]" * depth
    return f"cjmap: 1\nid: deep\ntitle: Deep\ndescription: {inner}\nstages: [{{id: a, name: A}}]\n"


def write_corpus(directory, count: int = 1000, stages: int = 6, big_stages: int = 500, *,
                 catalogs: bool = False) -> list[Path]:
    """Write `count` journeys j0000.journey.yaml… and big.journey.yaml into `directory`.

    Returns the paths written, the big journey last. `big_stages=0` skips it.

    `catalogs=True` writes a workspace instead: an empty cjmap.toml (the
    folder is its own workspace root), the catalogs CATALOG_PATHS, and
    journeys that use them (`journey_text(..., catalogs=CATALOG_PATHS)`) and
    link in a chain: the last stage of each links to the journey after it
    (every tenth to that journey's first stage, `id#stage`), so that no
    journey is an island (CJ202). The catalogs hold only what some journey
    uses (no CJ201). The catalogs come first in the paths returned.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(max(count - 1, 0))))
    jobs = [(out / f"j{i:0{width}d}.journey.yaml", i, stages) for i in range(count)]
    if big_stages:
        jobs.append((out / "big.journey.yaml", 10_000_000 + big_stages, big_stages))
    if not catalogs:
        for path, seed, n in jobs:
            path.write_text(journey_text(seed, n), encoding="utf-8")
        return [path for path, _, _ in jobs]

    texts = [journey_text(seed, n, catalogs=CATALOG_PATHS) for _, seed, n in jobs]
    for k in range(len(texts) - 1):
        after = texts[k + 1]
        target = _TOP_ID.search(after)[1]
        if k % 10 == 0:
            target += "#" + _FIRST_STAGE_ID.search(after)[1]
        texts[k] += _links_line([target])
    (out / "cjmap.toml").write_text("", encoding="utf-8")
    paths = []
    for name, text in catalog_texts(_uses(texts)).items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    for (path, _, _), text in zip(jobs, texts):
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- catalogs
CATALOG_PATHS = ("shared/people.catalog.yaml", "shared/org.catalog.yaml")
# The personas each segment of the catalog names (a catalog's segments name its own personas).
SEGMENT_PERSONAS = {
    "new-customers": ["first-timer", "expat-newcomer"],
    "returning-customers": ["busy-parent"],
    "high-value": ["remote-worker"],
    "price-sensitive": ["price-hunter"],
    "digital-first": ["digital-native", "remote-worker"],
    "assisted-channel": ["senior-customer"],
    "small-business": ["small-business-owner"],
    "young-adults": ["digital-native"],
}
# Words of the templates, for entries that serve journeys of every domain.
CATALOG_WORDS = {"brand": "Northwind", "product": "product", "thing": "order",
                 "delivery": "delivery", "account": "account"}
_CATALOG_TOUCHPOINTS = CATALOG_ONLINE + CATALOG_OFFLINE
_TOP_ID = re.compile(r"^id: (\S+)$", re.M)
_FIRST_STAGE_ID = re.compile(r"^stages:\n(?:\n|  #.*\n)*  - id: (\S+)$", re.M)


def _uses(texts) -> dict[str, set[str]]:
    """The personas, segments, teams and catalog touchpoints that journeys
    written with catalogs name: such a journey defines none of them, so every
    `owner:`, `segments: [...]` and `personas: [...]` in it is a use, and a
    list item that is a catalog touchpoint's id is a reference to it."""
    tp_ids = {t[0] for t in _CATALOG_TOUCHPOINTS}
    uses: dict[str, set[str]] = {"personas": set(), "segments": set(), "teams": set(), "touchpoints": set()}
    for text in texts:
        uses["teams"].update(re.findall(r"^ *owner: (\S+)$", text, re.M))
        for kind, pattern in (("personas", r"^personas: \[(.*)\]$"), ("segments", r"\bsegments: \[(.*?)\]")):
            for listed in re.findall(pattern, text, re.M):
                uses[kind].update(listed.split(", "))
        uses["touchpoints"].update(tp_ids.intersection(re.findall(r"^ +- (\S+)$", text, re.M)))
    return uses


def catalog_texts(uses: dict[str, set[str]]) -> dict[str, str]:
    """The two catalogs of CATALOG_PATHS, by path, holding the entries of the
    pools (PERSONAS, SEGMENTS, TEAMS, the catalog touchpoints) that `uses`
    names, and what those need: the personas of a segment, the owner of a
    touchpoint. Entries keep the pools' order; an empty list is left out."""
    def fill(text: str, **more: str) -> str:
        return text.format(**CATALOG_WORDS, **more)

    segments = [s for s in SEGMENTS if s[0] in uses["segments"]]
    persona_ids = uses["personas"].union(*(SEGMENT_PERSONAS[s[0]] for s in segments))
    touchpoints = [t for t in _CATALOG_TOUCHPOINTS if t[0] in uses["touchpoints"]]
    team_ids = uses["teams"] | {t[4] for t in touchpoints}

    people = _Writer()
    people(0, "cjmap: 1")
    people(0, "kind: catalog")
    people(0, "id: people")
    people(0, "title: Our customers")
    people(0, "description: Personas and segments shared by every journey of the workspace.")
    personas = [(p, n) for p, n in zip(PERSONAS, PERSONA_NAMES) if p[0] in persona_ids]
    if personas:
        people(0, "personas:")
    for (pid, pname, pdesc, goals, frus), name in personas:
        first = name.split()[0]
        people(2, f"- id: {pid}")
        people(4, f"name: {_q(fill(pname, n=first))}")
        people(4, f"description: {_q(fill(pdesc, n=first))}")
        people(4, "goals: [" + ", ".join(_q(fill(g)) for g in goals[:2]) + "]")
        people(4, "frustrations: [" + ", ".join(_q(fill(f)) for f in frus[:2]) + "]")
    if segments:
        people(0, "segments:")
    for sid, sname, crit in segments:
        people(2, f"- id: {sid}")
        people(4, f"name: {_q(sname)}")
        people(4, f"criteria: {_q(fill(crit))}")
        people(4, "personas: [" + ", ".join(SEGMENT_PERSONAS[sid]) + "]")

    org = _Writer()
    org(0, "cjmap: 1")
    org(0, "kind: catalog")
    org(0, "id: org")
    org(0, "title: Our teams and channels")
    org(0, "description: Teams and the touchpoints that every journey of the workspace may use.")
    teams = [t for t in TEAMS if t[0] in team_ids]
    if teams:
        org(0, "teams:")
    for tid, tname in teams:
        org(2, f"- {{id: {tid}, name: {_q(tname)}}}")
    if touchpoints:
        org(0, "touchpoints:")
    for tid, tname, channel, desc, tteam in touchpoints:
        org(2, f"- id: {tid}")
        org(4, f"name: {_q(fill(tname))}")
        org(4, f"channel: {channel}")
        org(4, f"owner: {tteam}")
        org(4, f"description: {_q(fill(desc))}")
    return dict(zip(CATALOG_PATHS, (people.text(), org.text())))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write a benchmark corpus of cjmap journeys.")
    ap.add_argument("directory")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--stages", type=int, default=6)
    ap.add_argument("--big-stages", type=int, default=500)
    ap.add_argument("--catalogs", action="store_true",
                    help="write a workspace whose journeys share two catalogs and link in a chain")
    args = ap.parse_args(argv)
    paths = write_corpus(args.directory, args.count, args.stages, args.big_stages, catalogs=args.catalogs)
    small = [p for p in paths if p.name.endswith(".journey.yaml") and p.name != "big.journey.yaml"]
    if small:
        avg = sum(p.stat().st_size for p in small) / len(small)
        print(f"{len(small)} journeys of {args.stages} stages, average {avg / 1024:.1f} KiB ({avg:.0f} bytes)")
    big = [p for p in paths if p.name == "big.journey.yaml"]
    if big:
        print(f"big.journey.yaml: {args.big_stages} stages, {big[0].stat().st_size / 1024:.0f} KiB")
    for p in paths:
        if p.name.endswith(".catalog.yaml"):
            print(f"{p.relative_to(args.directory)}: {p.stat().st_size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
