/**
 * The words sample HR exports are made of: given names and family names from
 * many countries (accents, apostrophes, particles and letters that have no
 * ASCII decomposition included on purpose), and departments, each a cost
 * center with the squads that belong to it.
 */

/** Given names; some compound (Anne-Marie), many with accents. */
export const firstNames: readonly string[] = [
  'José', 'Zoë', 'Ana', 'João', 'María', 'Lucía', 'Sofía', 'Chloé', 'Élodie', 'François',
  'Amélie', 'Maëlle', 'Noémie', 'Hélène', 'Björn', 'Søren', 'Åsa', 'Jörg', 'Jürgen', 'Lukas',
  'Łukasz', 'Małgorzata', 'Zofia', 'Wojciech', 'Dagný', 'Þóra', 'Siobhán', 'Seán', 'Aoife', 'Niamh',
  'Liam', 'Emma', 'Olivia', 'Noah', 'James', 'Mia', 'Grace', 'Oliver', 'Ethan', 'Ava',
  'Chen', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Haruto', 'Priya', 'Arjun', 'Ananya', 'Rohan',
  'Fatima', 'Omar', 'Layla', 'Yusuf', 'Aylin', 'Emre', 'Zeynep', 'İpek', 'Kwame', 'Amara',
  'Chidi', 'Thandiwe', 'Mateo', 'Valentina', 'Camila', 'Diego', 'Santiago', 'Isabella', 'Gabriel', 'Rafael',
  'Inês', 'Gonçalo', 'Beatriz', 'Tiago', 'Nikolai', 'Anastasia', 'Dmitri', 'Katarzyna', 'Tomáš', 'Dušan',
  'Ivana', 'Mirela', 'Andrés', 'Ramón', 'Nuria', 'Íñigo', 'Lars', 'Ingrid', 'Freya', 'Astrid',
  'Magnus', 'Henrik', 'Elif', 'Anne-Marie', 'Jean-Luc', 'Marie-Claire', 'Hans-Peter', 'Karl', 'Greta', 'Lena',
  'Felix', 'Jonas', 'Clara', 'Paul', 'Sarah', 'David', 'Daniel', 'Laura', 'Julia', 'Thomas',
  'Sophie', 'Marco', 'Giulia', 'Alessandro', 'Chiara', 'Francesca', 'Luca', 'Nicolò', 'Kai', 'Renée',
];

/** Family names; some with particles (van der Berg), apostrophes (O'Brien) or special letters (Weiß, Øberg). */
export const lastNames: readonly string[] = [
  'Müller', 'Ångström', 'García', 'Martínez', 'Rodríguez', 'López', 'Pérez', 'González', 'Fernández', 'Souza',
  'Silva', 'Santos', 'Oliveira', 'Gonçalves', 'Conceição', 'Costa', 'Dubois', 'Lefèvre', 'Moreau', 'Girard',
  'Bélanger', 'Côté', 'Gagné', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Köhler', 'Schäfer', 'Groß',
  'Jäger', 'Hoffmann', 'Becker', 'Nguyen', 'Tran', 'Pham', 'Kim', 'Park', 'Lee', 'Choi',
  'Tanaka', 'Suzuki', 'Sato', 'Watanabe', 'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Patel',
  'Sharma', 'Gupta', 'Singh', 'Iyer', 'Reddy', "O'Brien", "O'Connor", 'Murphy', 'Kelly', 'Ní Bhriain',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Taylor', 'Wilson', 'Evans', 'Roberts', 'Walker',
  'Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Dąbrowski', 'Lewandowska', 'Novák', 'Dvořák', 'Černý', 'Horváth',
  'Nagy', 'Kovačević', 'Petrović', 'Jovanović', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Søndergaard', 'Hansen',
  'Jensen', 'Nielsen', 'Øberg', 'Sigurðsson', 'Þórsdóttir', 'Virtanen', 'Mäkinen', 'Korhonen', 'Rossi', 'Russo',
  'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'De Luca', 'van der Berg', 'de Vries', 'Janssen', 'Bakker',
  'Visser', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Okafor', 'Mensah', 'Adeyemi',
  'Nkosi', 'Haddad', 'Khoury', 'Mansour', 'Cohen', 'Levi', 'Friedman', 'Ivanov', 'Petrov', 'Sokolova',
  'Kuznetsova', 'MacDonald', 'McAllister', 'Fitzgerald', "D'Angelo", 'Abdullah', 'Æbelø', 'Strøm', 'Łęcka', 'Lindqvist',
];

/** A department: one cost center and the squads whose people it pays for. */
export interface Department {
  /** The cost center's name, e.g. `Finance`. */
  costCenter: string;
  /** Squad names, most typical first; unique across all departments. */
  squads: readonly string[];
}

/**
 * Departments in the order cost centers are handed out: a workforce with
 * `n` cost centers uses the first `n`. The first six have at least two
 * squads each (the demo's 12 squads stay in their own departments), and the
 * first twenty have well over fifty squads between them.
 */
export const departments: readonly Department[] = [
  { costCenter: 'Finance', squads: ['Finance', 'Payroll', 'Accounts Payable', 'Treasury', 'Tax', 'Financial Planning'] },
  {
    costCenter: 'Engineering',
    squads: ['Platform Engineering', 'Mobile Apps', 'Web Frontend', 'Backend Services', 'Site Reliability', 'Developer Experience'],
  },
  { costCenter: 'Sales', squads: ['Sales DACH', 'Sales Iberia', 'Sales Nordics', 'Inside Sales', 'Sales Operations'] },
  { costCenter: 'Marketing', squads: ['Brand & Design', 'Growth Marketing', 'Content', 'Events'] },
  { costCenter: 'Human Resources', squads: ['People Operations', 'Talent Acquisition', 'Learning & Development', 'Compensation & Benefits'] },
  { costCenter: 'Operations', squads: ['Workplace Experience', 'Business Operations', 'Fleet', 'Supply Planning'] },
  { costCenter: 'Customer Care', squads: ['Customer Support', 'Customer Success', 'Onboarding'] },
  { costCenter: 'Product', squads: ['Product Management', 'Product Design', 'User Research'] },
  { costCenter: 'IT', squads: ['IT Service Desk', 'Identity & Access', 'Network & Telephony'] },
  { costCenter: 'Legal', squads: ['Legal', 'Contracts', 'Privacy'] },
  { costCenter: 'Security', squads: ['Security Operations', 'Security Engineering'] },
  { costCenter: 'Data & Analytics', squads: ['Business Intelligence', 'Data Science', 'Data Engineering'] },
  { costCenter: 'Research & Development', squads: ['Applied Research', 'Prototyping'] },
  { costCenter: 'Facilities', squads: ['Office São Paulo', 'Office München', 'Maintenance'] },
  { costCenter: 'Procurement', squads: ['Strategic Sourcing', 'Vendor Management'] },
  { costCenter: 'Executive Office', squads: ['Board Office', 'Chief of Staff'] },
  { costCenter: 'Communications', squads: ['Internal Communications', 'Public Relations'] },
  { costCenter: 'Quality', squads: ['Quality Assurance', 'Certification'] },
  { costCenter: 'Logistics', squads: ['Warehouse', 'Shipping'] },
  { costCenter: 'Internal Audit', squads: ['Internal Audit', 'Controls Testing'] },
  { costCenter: 'Strategy', squads: ['Corporate Development', 'Strategy Office'] },
  { costCenter: 'Risk', squads: ['Risk Management', 'Business Continuity'] },
];

/** The tags people get when the caller names none. */
export const defaultTagNames: readonly string[] = ['remote', 'parking', 'hybrid', 'first-aid', 'fire-warden'];

/** The domain of every sample email address. */
export const emailDomain = 'corp.example';
